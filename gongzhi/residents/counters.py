"""Counters of residents' needs for the ledger's targets: needs matched to a resource and needs
resolved, in the program year, in each unit's subtree (by the community they were raised in)."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from gongzhi.community.counters.common import reference_day, subtree_counter
from gongzhi.residents.models import Need, NeedMatch


def _in_year(program):
    return Need.objects.filter(
        submitted_at__year=program.year, submitted_at__date__lte=reference_day(program)
    )


subtree_counter(
    "residents.needs_resolved",
    label=_("已办结的居民诉求"),
    description=_("项目年度内提出、已办结（含已评价）的居民诉求数。"),
    counted=lambda program, args: _in_year(program).filter(
        state__in=(Need.State.RESOLVED, Need.State.RATED)
    ),
    path="community__path",
)

subtree_counter(
    "residents.needs_matched",
    label=_("完成供需对接的居民诉求"),
    description=_("项目年度内提出、已对接到资源的居民诉求数。"),
    counted=lambda program, args: _in_year(program).filter(
        Exists(NeedMatch.objects.filter(need=OuterRef("pk")))
    ),
    path="community__path",
)
