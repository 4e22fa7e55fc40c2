"""Cache fan-out: a change to what the summaries count marks its program's summaries out of
date (gongzhi.dashboards.summaries rebuilds them)."""

from django.db.models.signals import post_delete, post_save

from gongzhi.dashboards.summaries import mark_dirty
from gongzhi.programs.models import Assignment, Phase, Pilot, Strand, Target, Task
from gongzhi.progress.models import Report, TargetActual

# model → how its program is found from one of its rows (a lookup on SummaryState)
PROGRAM_OF = {
    Task: lambda row: {"program": row.program_id},
    Phase: lambda row: {"program": row.program_id},
    Pilot: lambda row: {"program": row.program_id},
    Strand: lambda row: {"program": row.program_id},
    Assignment: lambda row: {"program__tasks": row.task_id},
    Target: lambda row: {"program__tasks": row.task_id},
    Report: lambda row: {"program__tasks": row.task_id},
    TargetActual: lambda row: {"program__tasks__targets": row.target_id},
}


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return  # loading fixtures: the summaries are built when first read
    mark_dirty(**PROGRAM_OF[sender](instance))


def connect() -> None:
    for model in PROGRAM_OF:
        post_save.connect(_changed, sender=model, dispatch_uid=f"summary-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"summary-del-{model.__name__}")
