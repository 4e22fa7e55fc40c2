"""Counters over activities: how many of a type a pilot community held in the program year."""

from django.db.models import Count
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.activities.models import Activity
from gongzhi.community.counters import community_of, per_community
from gongzhi.programs.counters import register

COUNTED_TYPES = {
    "activities.supply_demand_meetings": (
        Activity.Type.SUPPLY_DEMAND,
        gettext_lazy("召开供需对接会次数"),
    ),
    "activities.ethnic_culture_events": (
        Activity.Type.ETHNIC_CULTURE,
        gettext_lazy("开展民族文化活动场次"),
    ),
    "activities.volunteer_services": (
        Activity.Type.VOLUNTEER,
        gettext_lazy("开展志愿服务活动次数"),
    ),
}


def _held(activity_type, program):
    return Activity.objects.filter(
        type=activity_type, starts_at__year=program.year, starts_at__lte=timezone.now()
    )


def _records_of(activity_type):
    def records(target):
        return _held(activity_type, target.task.program).filter(community=community_of(target))

    return records


def _count_of(activity_type):
    def compute(targets):
        def count(program, communities):
            rows = (
                _held(activity_type, program)
                .filter(community__in=communities)
                .values("community")
                .annotate(n=Count("pk"))
            )
            return {row["community"]: row["n"] for row in rows}

        return per_community(targets, count)

    return compute


def _describe(activity_type) -> str:
    return _(
        "在指标所在特色社区开展、类型为“%(type)s”、开始时间在项目年度内且已经开始"
        "（不计未来计划的活动）的活动场次；其他类型或其他年度的活动不计入。"
    ) % {"type": activity_type.label}


# Registered at import time, so the text is made when shown, in the reader's language.
_description = lazy(_describe, str)

for _name, (_type, _label) in COUNTED_TYPES.items():
    register(
        _name,
        label=_label,
        description=_description(_type),
        records=_records_of(_type),
    )(_count_of(_type))
