"""Counters over 居民自治 records, for the plan's tasks 1–3 (see gongzhi.programs.counters)."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.orgs.models import Unit
from gongzhi.programs.counters import count_in_subtrees, register
from gongzhi.selfgov.models import (
    CertificateItem,
    Charter,
    CharterKind,
    DutyKind,
    DutyList,
    Matter,
)
from gongzhi.selfgov.models.matters import LAST_STEP


def communities_where(**conditions):
    """Active communities (村/社区) meeting every named Exists condition."""
    communities = Unit.objects.filter(kind__in=COMMUNITY_KINDS, is_active=True)
    return communities.alias(**conditions).filter(**{name: True for name in conditions})


def communities_counter(name, *, label, description, conditions):
    """Register a counter of the communities in each unit's subtree meeting `conditions(day)`
    (a dict of Exists expressions); a coverage target counts each community as 0 or 1."""

    def counted(program):
        return communities_where(**conditions(reference_day(program)))

    def compute(program, units, args):
        return count_in_subtrees(counted(program), "path", units)

    def records(program, unit, args):
        return counted(program).filter(path__startswith=unit.path)

    register(name, label=label, description=description, records=records)(compute)
    return compute


def reference_day(program) -> datetime.date:
    """Today, or the program year's last day once it is over."""
    return min(clock.today(), datetime.date(program.year, 12, 31))


def completed_matters(program):
    return Matter.objects.filter(steps_done=LAST_STEP, steps__kind=LAST_STEP).filter(
        steps__date__year=program.year
    )


def _matters_records(program, unit, args):
    return completed_matters(program).filter(unit__path__startswith=unit.path)


@register(
    "selfgov.matters_completed",
    label=_("完成“四议两公开”的重大事项数"),
    description=_(
        "单位内（含下级社区）走完“四议两公开”全部六个步骤的重大事项数：党组织提议、两委会议商议、"
        "党员大会审议、村（居）民会议或代表会议决议、决议公开、实施结果公开均已记录，"
        "且实施结果在项目年度内公开。"
    ),
    records=_matters_records,
)
def matters_completed(program, units, args):
    return count_in_subtrees(completed_matters(program), "unit__path", units)


def _adopted(kind, day):
    return Exists(Charter.objects.filter(unit=OuterRef("pk"), kind=kind, adopted_on__lte=day))


communities_counter(
    "selfgov.charter_and_convention",
    label=_("制定居民自治章程和居民公约的社区数"),
    description=_(
        "单位内（含本身）的社区（村）中，在统计日已通过居民自治章程、也已通过居民公约的个数"
        "（修订保留历史，以最近通过的为现行版本）。统计日为今天，项目年度结束后为该年度12月31日。"
        "作覆盖率时每个社区计 0 或 1。"
    ),
    conditions=lambda day: {
        "has_charter": _adopted(CharterKind.CHARTER, day),
        "has_convention": _adopted(CharterKind.CONVENTION, day),
    },
)


def _list_adopted(kind, day):
    return Exists(DutyList.objects.filter(unit=OuterRef("pk"), kind=kind, adopted_on__lte=day))


communities_counter(
    "selfgov.duty_lists_adopted",
    label=_("采用三个清单的社区数"),
    description=_(
        "单位内（含本身）的社区（村）中，在统计日已采用依法履职事项、协助办理事项、"
        "工作负面事项三个清单（均已采用）的个数。统计日为今天，项目年度结束后为该年度12月31日。"
        "作覆盖率时每个社区计 0 或 1。"
    ),
    conditions=lambda day: {f"has_{kind}": _list_adopted(kind, day) for kind in DutyKind.values},
)


def abolished_certificates(program):
    return CertificateItem.objects.filter(
        status="abolished", decided_on__lte=reference_day(program)
    )


def _abolished_records(program, unit, args):
    return abolished_certificates(program).filter(unit__path__startswith=unit.path)


@register(
    "selfgov.certificates_abolished",
    label=_("取消的证明事项数"),
    description=_(
        "单位内（含下级社区）登记为“取消”、决定日期不晚于统计日的证明事项数（精简证明事项）。"
        "统计日为今天，项目年度结束后为该年度12月31日。"
    ),
    records=_abolished_records,
)
def certificates_abolished(program, units, args):
    return count_in_subtrees(abolished_certificates(program), "unit__path", units)
