"""Counters over progress records (more counters come with the registries)."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.programs.counters import register, share
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report


@register(
    "progress.filings_approved_share",
    label=_("创建方案备案完成率"),
    description=_(
        "本项目“创建方案备案”任务中，备案单位的上报已经全部审核通过（已通过）的任务所占百分比。"
    ),
)
def filings_approved_share(targets):
    values = {}
    for target in targets:
        filings = Task.objects.dangerously_unscoped(
            reason="a target counts the whole program whoever looks; only the figure is shown"
        ).filter(program_id=target.task.program_id, kind=Task.Kind.FILING)
        done = filings.filter(reports__state=Report.State.APPROVED).distinct().count()
        values[target.pk] = share(done, filings.count())
    return values


@register(
    "progress.pilot_items_done",
    label=_("特色社区已完成建设任务数"),
    description=_(
        "指标所在特色社区的建设任务中，社区“申请认定完成”的上报已经街道和工作组办公室"
        "逐级审核通过的任务数。"
    ),
)
def pilot_items_done(targets):
    pilots = {t.task.pilot_id for t in targets if t.task.pilot_id}
    rows = (
        Task.objects.dangerously_unscoped(
            reason="a target counts its whole pilot community whoever looks; only the figure is "
            "shown, the counted records are scoped on their own page"
        )
        .filter(pilot_id__in=pilots)
        .values("pilot_id")
        .annotate(
            n=Count(
                "pk",
                filter=Q(reports__state=Report.State.APPROVED, reports__claims_completion=True),
                distinct=True,
            )
        )
    )
    done = {row["pilot_id"]: row["n"] for row in rows}
    return {t.pk: done.get(t.task.pilot_id, 0) for t in targets}
