"""Reads over the ledger used by several pages (ledger, task, cockpit, public page, export)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from gongzhi.programs import counters
from gongzhi.programs.models import Assignment
from gongzhi.programs.querysets import task_status


def ledger_tasks(program, tasks):
    """The program's tasks among `tasks` (already scoped by the caller, e.g.
    `Task.objects.visible_to(user)`) with their status inputs, units and targets, in a fixed
    number of queries."""
    assignments = Assignment.objects.select_related("unit").order_by("role", "order")
    rows = list(
        tasks.filter(program=program)
        .with_status()
        .select_related("pilot__community", "pilot__street", "program__region")
        .prefetch_related(Prefetch("assignments", queryset=assignments), "targets")
        .order_by("kind", "pilot__order", "number")
    )
    today = timezone.localdate()
    for task in rows:
        task.status = task_status(task, today)
    return rows


@dataclass
class TargetRow:
    target: object
    actual: Decimal | None
    counted: bool
    met: bool | None


def target_rows(targets) -> list[TargetRow]:
    """Target against actual: counted by its counter, else the latest fully approved value."""
    from gongzhi.progress.models import Report, TargetActual

    targets = list(targets)
    counted = counters.count_many(targets)
    manual_ids = [t.pk for t in targets if t.pk not in counted]
    latest = {}
    approved = (
        TargetActual.objects.filter(target_id__in=manual_ids, report__state=Report.State.APPROVED)
        .order_by("target_id", "-report__approved_at", "-pk")
        .values_list("target_id", "value")
    )
    for target_id, value in approved:
        latest.setdefault(target_id, value)
    rows = []
    for target in targets:
        actual = counted.get(target.pk, latest.get(target.pk))
        rows.append(TargetRow(target, actual, target.pk in counted, target.is_met(actual)))
    return rows


def lead_and_co(task):
    leads = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.LEAD]
    cos = [a.unit for a in task.assignments.all() if a.role == Assignment.Role.CO]
    return leads, cos
