"""Cache fan-out: a change to what the summaries count marks the task it changes (its share is
updated by the worker) or, for a change that touches many tasks, the program (rebuilt whole);
see gongzhi.dashboards.summaries."""

from django.db.models.signals import post_delete, post_save

from gongzhi.dashboards.summaries import mark_changed, mark_dirty
from gongzhi.programs.models import Assignment, Phase, Pilot, Strand, Target, Task
from gongzhi.progress.models import Report, TargetActual

# model → the task one of its rows belongs to
TASK_OF = {
    Task: lambda row: row.pk,
    Assignment: lambda row: row.task_id,
    Target: lambda row: row.task_id,
    Report: lambda row: row.task_id,
    TargetActual: lambda row: row.report.task_id,
}
# model → how its program is found from one of its rows (a lookup on SummaryState)
PROGRAM_OF = {
    Phase: lambda row: {"program": row.program_id},
    Pilot: lambda row: {"program": row.program_id},
    Strand: lambda row: {"program": row.program_id},
}


def _task_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures: the summaries are built when first read
    mark_changed(TASK_OF[sender](instance))


def _program_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    mark_dirty(**PROGRAM_OF[sender](instance))


def connect() -> None:
    for models, receiver in ((TASK_OF, _task_changed), (PROGRAM_OF, _program_changed)):
        for model in models:
            name = f"summary-{model.__name__}"
            post_save.connect(receiver, sender=model, dispatch_uid=name)
            post_delete.connect(receiver, sender=model, dispatch_uid=f"{name}-deleted")
