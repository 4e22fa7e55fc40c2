"""Scoping for programs and tasks, and the derived task status."""

import datetime

from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from gongzhi.core.querysets import Scope, ScopedQuerySet


class ProgramQuerySet(ScopedQuerySet):
    # Kept for its region; every unit inside the region reads it (the tasks below are scoped).
    scope = Scope(owner="region__path", below=True)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    PENDING = "pending", "待审核"
    DONE = "done", "已完成"
    OVERDUE = "overdue", "逾期"


def status_of(*, done: bool, pending: bool, started: bool, due, today) -> str:
    """The one rule deriving a task's status; nothing stores it."""
    if done:
        return Status.DONE
    if due < today:
        return Status.OVERDUE
    if pending:
        return Status.PENDING
    if started:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


class TaskQuerySet(ScopedQuerySet):
    # Kept by its responsible units (lead and co-units).
    scope = Scope(owner="assignments__unit__path")

    def with_status(self):
        """Annotate what the status is derived from, in the same query."""
        from gongzhi.programs.models import Assignment
        from gongzhi.progress.models import Report

        reports = Report.objects.filter(task=OuterRef("pk"))
        leads_done = (
            Report.objects.filter(
                task=OuterRef("pk"),
                state=Report.State.APPROVED,
                claims_completion=True,
                unit__assignments__task=OuterRef("pk"),
                unit__assignments__role="lead",
            )
            .order_by()
            .values("task")
            .annotate(n=Count("unit", distinct=True))
            .values("n")
        )
        lead_count = (
            Assignment.objects.filter(task=OuterRef("pk"), role="lead")
            .order_by()
            .values("task")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            gz_pending=Exists(reports.filter(state=Report.State.PENDING)),
            gz_started=Exists(reports.exclude(state=Report.State.DRAFT)),
            gz_leads=Coalesce(Subquery(lead_count), 0),
            gz_leads_done=Coalesce(Subquery(leads_done), 0),
        )


def task_status(task, today: datetime.date | None = None) -> str:
    """Status of a task annotated by `with_status`."""
    today = today or timezone.localdate()
    done = task.gz_leads > 0 and task.gz_leads_done >= task.gz_leads
    return status_of(
        done=done, pending=task.gz_pending, started=task.gz_started, due=task.due, today=today
    )
