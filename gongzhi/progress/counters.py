"""Counters over progress records (more counters come with the registries)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.programs.counters import count_in_subtrees, register
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report


def _tasks(program):
    return Task.objects.dangerously_unscoped(
        reason="a target counts the whole program whoever looks; only the figure is shown, "
        "the counted records are scoped on their own page"
    ).filter(program=program)


def approved_filings(program, unit, args=None):
    return _tasks(program).filter(
        kind=Task.Kind.FILING, assignments__unit=unit, reports__state=Report.State.APPROVED
    )


@register(
    "progress.filings_approved",
    label=_("创建方案已备案"),
    description=_(
        "本项目“创建方案备案”任务中，由该单位本身（不含下级单位）备案、上报已经全部审核通过的任务数；"
        "用作覆盖率时，即已完成备案的单位所占百分比。"
    ),
    records=approved_filings,
)
def filings_approved(program, units, args):
    rows = (
        _tasks(program)
        .filter(
            kind=Task.Kind.FILING,
            assignments__unit__in=units,
            reports__state=Report.State.APPROVED,
        )
        .values("assignments__unit")
        .annotate(n=Count("pk", distinct=True))
    )
    done = {row["assignments__unit"]: row["n"] for row in rows}
    return {unit.pk: done.get(unit.pk, 0) for unit in units}


def done_items(program, unit, args=None):
    return _tasks(program).filter(
        kind=Task.Kind.PILOT_ITEM,
        pilot__community__path__startswith=unit.path,
        reports__state=Report.State.APPROVED,
        reports__claims_completion=True,
    )


@register(
    "progress.pilot_items_done",
    label=_("特色社区已完成建设任务数"),
    description=_(
        "单位内特色社区的建设任务中，社区“申请认定完成”的上报已经街道和工作组办公室"
        "逐级审核通过的任务数。"
    ),
    records=done_items,
)
def pilot_items_done(program, units, args):
    done = Q(reports__state=Report.State.APPROVED, reports__claims_completion=True)
    return count_in_subtrees(
        _tasks(program).filter(kind=Task.Kind.PILOT_ITEM),
        "pilot__community__path",
        units,
        Count("pk", filter=done, distinct=True),
    )
