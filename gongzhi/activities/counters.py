"""Counters over activities: how many of a type were held in a unit in the program year."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity
from gongzhi.programs.counters import Arg, count_in_subtrees, register


def held(program, args):
    """Activities of the type that started in the program year and have started by now."""
    return Activity.objects.filter(
        type=args["type"], starts_at__year=program.year, starts_at__lte=timezone.now()
    )


def held_in(program, unit, args):
    return held(program, args).filter(community__path__startswith=unit.path)


@register(
    "activities.count",
    label=_("开展活动场次"),
    description=_(
        "在单位内（含下级社区）开展、类型为参数所指类型、开始时间在项目年度内且已经开始"
        "（不计未来计划的活动）的活动场次；其他类型或其他年度的活动不计入。"
    ),
    records=held_in,
    args=(Arg("type", _("活动类型"), lambda: list(Activity.Type.values), required=True),),
)
def count_activities(program, units, args):
    return count_in_subtrees(held(program, args), "community__path", units)
