"""Counters over organisations, their incubation, stations and brand projects. Each counts, per
unit, the records in that unit's subtree (see gongzhi.programs.counters)."""

import datetime

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from gongzhi.community.counters.common import (
    choices_of,
    listed,
    narrowed,
    reference_day,
    subtree_counter,
)
from gongzhi.community.models import (
    BrandProject,
    Incubation,
    OrgLink,
    SocialOrganization,
    Station,
)
from gongzhi.programs.counters import Arg, count_in_subtrees, register, share

# What each counter counts, written once and used by both the count and the click-through.


def counted_links(program):
    return OrgLink.objects.active_on(reference_day(program)).filter(
        organization__is_active=True,
        organization__deactivated_at__isnull=True,
        organization__filing__in=["registered", "filed"],
    )


def linked_organizations(program, unit, args=None):
    links = counted_links(program).filter(community__path__startswith=unit.path)
    return SocialOrganization.objects.filter(links__in=links).distinct()


def incubated(program, args):
    organizations = (
        SocialOrganization.objects.in_use()
        .filter(incubations__start__year=program.year)
        .exclude(incubations__stage="stopped")
    )
    return narrowed(organizations, args, category="category", level="incubations__level")


def incubated_in(program, unit, args):
    return incubated(program, args).filter(unit__path__startswith=unit.path).distinct()


def brand_organizations(program, unit, args=None):
    return SocialOrganization.objects.in_use().filter(
        unit__path__startswith=unit.path, brand_year=program.year, is_active=True
    )


def brand_projects_of(program, unit, args=None):
    return BrandProject.objects.in_use().filter(unit__path__startswith=unit.path, year=program.year)


def stations_of(args):
    return narrowed(Station.objects.in_use(), args, kind="kind", running="is_running")


def stations_in(program, unit, args):
    return stations_of(args).filter(unit__path__startswith=unit.path)


def city_and_town_stations(program, unit, args=None):
    return Station.objects.in_use().filter(
        unit__path__startswith=unit.path, kind__in=["city", "town"]
    )


@register(
    "community.linked_orgs",
    label=_("链接社会组织数"),
    description=_(
        "单位内（含下级社区）链接的社区社会组织家数（去重）：组织状态为存续、已登记或已备案，"
        "且链接在统计日有效（开始日期不晚于统计日、未结束或结束日期不早于统计日）。"
        "统计日为今天，项目年度结束后为该年度12月31日。"
    ),
    records=linked_organizations,
)
def linked_orgs(program, units, args):
    aggregate = Count("organization", distinct=True)
    return count_in_subtrees(counted_links(program), "community__path", units, aggregate)


@register(
    "community.orgs_incubated",
    label=_("孵化培育社区社会组织数"),
    description=_(
        "以单位内社区为所属社区、在项目年度内开始孵化（孵化记录的开始日期在该年度内）且未终止孵化的"
        "社区社会组织家数；可按类别（如“公益慈善”）和孵化层级限定。"
    ),
    records=incubated_in,
    args=(
        Arg("category", _("组织类别"), listed("organization_category")),
        Arg("level", _("孵化层级"), listed("incubation_level")),
    ),
)
def orgs_incubated(program, units, args):
    return count_in_subtrees(incubated(program, args), "unit__path", units)


@register(
    "community.brand_orgs",
    label=_("品牌社区社会组织数"),
    description=_(
        "单位内被认定为项目年度品牌社区社会组织（品牌年度等于项目年度）且存续的组织家数。"
    ),
    records=brand_organizations,
)
def brand_orgs(program, units, args):
    organizations = SocialOrganization.objects.in_use().filter(
        brand_year=program.year, is_active=True
    )
    return count_in_subtrees(organizations, "unit__path", units)


@register(
    "community.brand_projects",
    label=_("品牌活动项目数"),
    description=_("单位内登记的、年度等于项目年度的品牌活动项目个数。"),
    records=brand_projects_of,
)
def brand_projects(program, units, args):
    projects = BrandProject.objects.in_use().filter(year=program.year)
    return count_in_subtrees(projects, "unit__path", units)


@register(
    "community.stations",
    label=_("社工站（室）数"),
    description=_(
        "单位内登记的社工站（室）个数；可按类型（市级社工站、镇（街道）社工站、村（社区）社工室）"
        "和是否正常运行限定。"
    ),
    records=stations_in,
    args=(
        Arg("kind", _("类型"), listed("station_kind")),
        Arg("running", _("正常运行"), kind=bool),
    ),
)
def stations(program, units, args):
    return count_in_subtrees(stations_of(args), "unit__path", units)


@register(
    "community.stations_running_share",
    label=_("市、镇（街道）两级社工站点运行率"),
    description=_(
        "单位内类型为“市级社工站”或“镇（街道）社工站”的站点中，标记为正常运行的站点所占百分比；"
        "没有登记站点时为 0。"
    ),
    records=city_and_town_stations,
)
def stations_running_share(program, units, args):
    two_levels = Station.objects.in_use().filter(kind__in=["city", "town"])
    totals = count_in_subtrees(two_levels, "unit__path", units)
    running = count_in_subtrees(two_levels.filter(is_running=True), "unit__path", units)
    return {unit.pk: share(running[unit.pk], totals[unit.pk]) for unit in units}


def organizations_of(program, args):
    fields = ("category", "filing", "in_social_work_room", "has_party_branch")
    organizations = SocialOrganization.objects.in_use().filter(is_active=True)
    return narrowed(organizations, args, **{field: field for field in fields})


subtree_counter(
    "community.orgs",
    label=_("社区社会组织数"),
    description=_(
        "所属社区（单位）在单位内的存续社区社会组织家数（不含已注销的）；可按类别、登记备案状态"
        "（登记、备案、未备案）、是否入驻社工室、是否已建立党组织限定。"
    ),
    counted=organizations_of,
    path="unit__path",
    args=(
        Arg("category", _("组织类别"), listed("organization_category")),
        Arg("filing", _("登记备案"), choices_of(SocialOrganization.Filing)),
        Arg("in_social_work_room", _("入驻社工室"), kind=bool),
        Arg("has_party_branch", _("已建立党组织"), kind=bool),
    ),
)


def incubations_in_year(program, args=None):
    """Incubations under way at some time in the program year, not stopped, of organisations
    still in existence."""
    return (
        Incubation.objects.filter(
            start__lte=datetime.date(program.year, 12, 31),
            organization__is_active=True,
            organization__deactivated_at__isnull=True,
        )
        .exclude(end__lt=datetime.date(program.year, 1, 1))
        .exclude(stage=Incubation.Stage.STOPPED)
    )


subtree_counter(
    "community.incubation_levels",
    label=_("开展孵化的层级数"),
    description=_(
        "市级、镇（街道）级、村（社区）级三个孵化层级中，项目年度内有孵化记录的层级个数"
        "（最多 3 个）：孵化记录的开始日期不晚于该年度12月31日、没有结束日期或结束日期"
        "不早于该年度1月1日、阶段不是“已终止”，且被孵化的组织存续、所属社区（单位）在单位内。"
    ),
    counted=incubations_in_year,
    path="organization__unit__path",
    aggregate=Count("level", distinct=True),
    listed=(SocialOrganization, "organization"),
)
