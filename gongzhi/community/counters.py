"""Counters over the 五社 registries, for the plan's targets."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models import BrandProject, OrgLink, SocialOrganization, Station
from gongzhi.programs.counters import register, share


def reference_day(program) -> datetime.date:
    """The day a count is taken on: today, or the program year's last day once it is over."""
    return min(timezone.localdate(), datetime.date(program.year, 12, 31))


def community_of(target):
    pilot = target.task.pilot
    return pilot.community if pilot else None


def per_community(targets, count_by_community) -> dict:
    """Run one grouped count per program over the targets' pilot communities."""
    values = {}
    by_program = {}
    for target in targets:
        by_program.setdefault(target.task.program, []).append(target)
    for program, group in by_program.items():
        communities = {community_of(t) for t in group} - {None}
        counts = count_by_community(program, communities)
        for target in group:
            community = community_of(target)
            values[target.pk] = counts.get(community.pk, 0) if community else 0
    return values


def _program_records(select):
    """Click-through for a counter whose records are `select(program)`."""
    return lambda target: select(target.task.program)


def _community_records(select):
    """Click-through for a counter whose records are `select(program, communities)`."""
    return lambda target: select(target.task.program, [community_of(target)]).distinct()


# What each counter counts, written once and used by both the count and the click-through.


def counted_links(program, communities):
    return OrgLink.objects.active_on(reference_day(program)).filter(
        community__in=communities,
        organization__is_active=True,
        organization__filing__in=["registered", "filed"],
    )


def linked_organizations(program, communities):
    return SocialOrganization.objects.filter(links__in=counted_links(program, communities))


def incubated_charities(program, communities):
    return SocialOrganization.objects.filter(
        unit__in=communities, category="charity", incubations__start__year=program.year
    ).exclude(incubations__stage="stopped")


def brand_organizations(program):
    return SocialOrganization.objects.filter(
        unit__path__startswith=program.region.path, brand_year=program.year, is_active=True
    )


def brand_projects_of(program):
    return BrandProject.objects.filter(
        unit__path__startswith=program.region.path, year=program.year
    )


def city_and_town_stations(program):
    return Station.objects.filter(
        unit__path__startswith=program.region.path, kind__in=["city", "town"]
    )


def running_pilot_rooms(program):
    return Station.objects.filter(kind="room", is_running=True, unit__pilots__program=program)


@register(
    "community.linked_orgs",
    label=_("链接社会组织数"),
    description=_(
        "指标所在特色社区链接的社区社会组织家数（去重）：组织状态为存续、已登记或已备案，"
        "且链接在统计日有效（开始日期不晚于统计日、未结束或结束日期不早于统计日）。"
        "统计日为今天，项目年度结束后为该年度12月31日。"
    ),
    records=_community_records(linked_organizations),
)
def linked_orgs(targets):
    def count(program, communities):
        rows = (
            counted_links(program, communities)
            .values("community")
            .annotate(n=Count("organization", distinct=True))
        )
        return {row["community"]: row["n"] for row in rows}

    return per_community(targets, count)


@register(
    "community.charity_orgs_incubated",
    label=_("孵化培育公益慈善类社区社会组织数"),
    description=_(
        "以指标所在特色社区为所属社区、类别为“公益慈善”、在项目年度内开始孵化"
        "（任一层级孵化记录的开始日期在该年度内）且未终止孵化的社区社会组织家数。"
    ),
    records=_community_records(incubated_charities),
)
def charity_orgs_incubated(targets):
    def count(program, communities):
        rows = (
            incubated_charities(program, communities)
            .values("unit")
            .annotate(n=Count("pk", distinct=True))
        )
        return {row["unit"]: row["n"] for row in rows}

    return per_community(targets, count)


def _per_program(targets, count_for_program):
    values, cache = {}, {}
    for target in targets:
        program = target.task.program
        if program.pk not in cache:
            cache[program.pk] = count_for_program(program)
        values[target.pk] = cache[program.pk]
    return values


@register(
    "community.brand_orgs",
    label=_("品牌社区社会组织数"),
    description=_(
        "项目地区内被认定为项目年度品牌社区社会组织（品牌年度等于项目年度）且存续的组织家数。"
    ),
    records=_program_records(brand_organizations),
)
def brand_orgs(targets):
    return _per_program(targets, lambda program: brand_organizations(program).count())


@register(
    "community.brand_projects",
    label=_("品牌活动项目数"),
    description=_("项目地区内登记的、年度等于项目年度的品牌活动项目个数。"),
    records=_program_records(brand_projects_of),
)
def brand_projects(targets):
    return _per_program(targets, lambda program: brand_projects_of(program).count())


@register(
    "community.stations_running_share",
    label=_("市、镇（街道）两级社工站点运行率"),
    description=_(
        "项目地区内类型为“市级社工站”或“镇（街道）社工站”的站点中，标记为正常运行的站点所占百分比；"
        "没有登记站点时为 0。"
    ),
    records=_program_records(city_and_town_stations),
)
def stations_running_share(targets):
    def count(program):
        stations = city_and_town_stations(program).aggregate(
            total=Count("pk"), running=Count("pk", filter=Q(is_running=True))
        )
        return share(stations["running"], stations["total"])

    return _per_program(targets, count)


@register(
    "community.pilot_rooms_running",
    label=_("运行社工室的特色社区占比"),
    description=_(
        "项目的特色社区中，社区内至少有一个类型为“村（社区）社工室”且标记为正常运行的站点的社区所占百分比。"
    ),
    records=_program_records(running_pilot_rooms),
)
def pilot_rooms_running(targets):
    def count(program):
        running = running_pilot_rooms(program).values("unit_id").distinct().count()
        return share(running, program.pilots.count())

    return _per_program(targets, count)
