"""Counters over activities: how many of a type were held in a unit in the program year, and how
many of the decisions taken at meetings have been carried out."""

from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity, Decision
from gongzhi.community.counters.common import listed
from gongzhi.core import clock
from gongzhi.programs.counters import (
    Arg,
    count_in_subtrees,
    count_parts_in_subtrees,
    register,
    share,
)

activity_types = listed("activity_type")


def started(program, args):
    """Activities (of the type, if given) that started in the program year and have started by
    now."""
    activities = Activity.objects.filter(starts_at__year=program.year, starts_at__lte=clock.now())
    if args.get("type"):
        activities = activities.filter(type=args["type"])
    return activities


def _places(program, args):
    """The activities counted, in two disjoint parts with the unit path each is counted by:
    held in a community, and held in none (counted where organised). Each part's path is a
    plain join the path index serves, where a COALESCE of the two is served by none."""
    activities = started(program, args)
    return [
        (activities.filter(community__isnull=False), "community__path"),
        (activities.filter(community__isnull=True), "unit__path"),
    ]


def held_in(program, unit, args):
    """Activities held in the unit: in a community of it, or, held in none, organised by it."""
    ids = [
        part.filter(**{f"{path}__startswith": unit.path}).order_by().values("pk")
        for part, path in _places(program, args)
    ]
    return Activity.objects.filter(pk__in=ids[0].union(ids[1]))


@register(
    "activities.count",
    label=_("开展活动场次"),
    description=_(
        "在单位内开展（开展社区在单位内；未填开展社区的，主办单位在单位内）、类型为参数所指类型、"
        "开始时间在项目年度内且已经开始（不计未来计划的活动）的活动场次；其他类型或其他年度的"
        "活动不计入。"
    ),
    records=held_in,
    args=(Arg("type", _("活动类型"), activity_types, required=True),),
)
def count_activities(program, units, args):
    # one query per depth (a pilot community's count at province: 2.1 s → 5–14 ms)
    return count_parts_in_subtrees(_places(program, args), units)


def decisions_taken(program, args):
    """Decisions taken at meetings (of the type, if given) held in the program year by now."""
    return Decision.objects.filter(activity__in=started(program, args).values("pk"))


def decisions_of(program, unit, args):
    return decisions_taken(program, args).filter(owner__path__startswith=unit.path)


@register(
    "activities.decisions_closed_share",
    label=_("议定事项办结率"),
    description=_(
        "在项目年度内已经召开的会议（可按活动类型限定，如联席会议）上议定、责任单位在单位内的"
        "事项中，已经填写办结时间的事项所占百分比；没有议定事项时为 0。"
    ),
    records=decisions_of,
    args=(Arg("type", _("会议类型"), activity_types),),
)
def decisions_closed_share(program, units, args):
    decisions = decisions_taken(program, args)
    totals = count_in_subtrees(decisions, "owner__path", units)
    closed = count_in_subtrees(decisions.filter(closed_at__isnull=False), "owner__path", units)
    return {unit.pk: share(closed[unit.pk], totals[unit.pk]) for unit in units}
