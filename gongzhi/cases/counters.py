"""Counters over typical cases and publicity records, for the plan's task 9 (宣传) and §六(四)
(典型案例). Publicity *activities* (events of the type 宣传) are counted by activities.count;
these count reports in the media and written-up cases, so nothing is counted twice."""

from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case, Publicity
from gongzhi.community.counters.common import listed
from gongzhi.core import clock
from gongzhi.programs.counters import Arg, count_in_subtrees, register


def _in_year(queryset, program):
    return queryset.filter(date__year=program.year, date__lte=clock.today())


def cases_of(program, args):
    cases = _in_year(Case.objects.all(), program)
    if args.get("type"):
        cases = cases.filter(type=args["type"])
    if args.get("public"):
        cases = cases.filter(is_public=True)
    return cases


@register(
    "cases.cases",
    label=_("典型案例数"),
    description=_(
        "单位内（含下级单位）报送、形成日期在项目年度内且不晚于今天的典型案例数；可按案例类型"
        "限定，public 为 true 时只计已公开展示的案例。"
    ),
    records=lambda program, unit, args: cases_of(program, args).filter(
        unit__path__startswith=unit.path
    ),
    args=(
        Arg("type", _("案例类型"), listed("case_type")),
        Arg("public", _("只计已公开"), kind=bool),
    ),
)
def count_cases(program, units, args):
    return count_in_subtrees(cases_of(program, args), "unit__path", units)


def publicity_of(program, args):
    records = _in_year(Publicity.objects.all(), program)
    if args.get("media_level"):
        records = records.filter(media_level=args["media_level"])
    if args.get("kind"):
        records = records.filter(kind=args["kind"])
    return records


@register(
    "cases.publicity",
    label=_("宣传报道篇数"),
    description=_(
        "单位内（含下级单位）报送、发布日期在项目年度内且不晚于今天的宣传报道（媒体报道、专题、"
        "短视频等）篇数；可按媒体级别和宣传形式限定。开展宣传活动的场次另由“开展活动场次”"
        "（活动类型：宣传）统计，两者不重复计算。"
    ),
    records=lambda program, unit, args: publicity_of(program, args).filter(
        unit__path__startswith=unit.path
    ),
    args=(
        Arg("media_level", _("媒体级别"), listed("media_level")),
        Arg("kind", _("宣传形式"), listed("publicity_type")),
    ),
)
def count_publicity(program, units, args):
    return count_in_subtrees(publicity_of(program, args), "unit__path", units)
