"""The ledger (台账) as it stands: each task's status derived from its reports, and targets
against their actuals. Read by the ledger, task, cockpit, public and reminder code."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.programs import measures
from gongzhi.programs.models import Assignment
from gongzhi.progress.models import Report, ReviewStage, TargetActual


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    PENDING = "pending", _("待审核")
    DONE = "done", _("已完成")
    OVERDUE = "overdue", _("逾期")


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


def with_status(tasks):
    """Annotate a queryset of tasks with what the status is derived from, in the same query."""
    reports = Report.objects.filter(task=OuterRef("pk"))
    leads_done = (
        Report.objects.filter(
            task=OuterRef("pk"),
            state=Report.State.APPROVED,
            claims_completion=True,
            unit__assignments__task=OuterRef("pk"),
            unit__assignments__role=Assignment.Role.LEAD,
        )
        .order_by()
        .values("task")
        .annotate(n=Count("unit", distinct=True))
        .values("n")
    )
    lead_count = (
        Assignment.objects.filter(task=OuterRef("pk"), role=Assignment.Role.LEAD)
        .order_by()
        .values("task")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return tasks.annotate(
        gz_pending=Exists(reports.filter(state=Report.State.PENDING)),
        gz_started=Exists(reports.exclude(state=Report.State.DRAFT)),
        gz_leads=Coalesce(Subquery(lead_count), 0),
        gz_leads_done=Coalesce(Subquery(leads_done), 0),
    )


def task_status(task, today: datetime.date | None = None) -> str:
    """Status of a task annotated by `with_status`."""
    today = today or clock.today()
    done = task.gz_leads > 0 and task.gz_leads_done >= task.gz_leads
    return status_of(
        done=done, pending=task.gz_pending, started=task.gz_started, due=task.due, today=today
    )


def status_expression(today: datetime.date):
    """`status_of` as SQL over `with_status`'s annotations, to filter a ledger by status."""
    return Case(
        When(Q(gz_leads__gt=0, gz_leads_done__gte=F("gz_leads")), then=Value(Status.DONE)),
        When(due__lt=today, then=Value(Status.OVERDUE)),
        When(gz_pending=True, then=Value(Status.PENDING)),
        When(gz_started=True, then=Value(Status.IN_PROGRESS)),
        default=Value(Status.NOT_STARTED),
        output_field=models.CharField(),
    )


# The ledger page's order, in the order it groups them: city tasks, pilots' items, filings
PAGE_ORDER = (
    Case(When(kind="city", then=Value(0)), When(kind="pilot_item", then=Value(1)), default=2),
    "pilot__order",
    "number",
    "pk",
)


def ledger_queryset(program, tasks, order=("kind", "pilot__order", "number")):
    """The program's tasks among `tasks` (a queryset already scoped with `.visible_to(user)`,
    perhaps annotated by `with_status`) in `order`, with what a row shows."""
    if "gz_leads" not in tasks.query.annotations:
        tasks = with_status(tasks)
    assignments = Assignment.objects.select_related("unit").order_by("role", "order")
    return (
        tasks.filter(program=program)
        .select_related("pilot__community", "pilot__street", "pilot__strand", "program__region")
        .prefetch_related(Prefetch("assignments", queryset=assignments), "targets")
        .order_by(*order)
    )


def mark_status(rows):
    """Set each task's derived `status` (tasks annotated by `with_status`); returns the rows."""
    today = clock.today()
    for task in rows:
        task.status = task_status(task, today)
    return rows


def ledger_tasks(program, tasks):
    """The program's tasks among `tasks` (a queryset already scoped with `.visible_to(user)`)
    with their status, units and targets, in a fixed number of queries."""
    return mark_status(list(ledger_queryset(program, tasks)))


class LeadState(models.TextChoices):
    NOT_REPORTED = "not_reported", _("未上报")
    PENDING = "pending", _("审核中")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


@dataclass
class LeadPart:
    """One lead unit's part of a task: its completion claim that counts and where it stands."""

    unit: object
    state: str
    claim: Report | None = None
    reviewer_name: str = ""  # the unit reviewing a pending claim now

    @property
    def done(self) -> bool:
        return self.state == LeadState.APPROVED

    def get_state_display(self) -> str:
        return LeadState(self.state).label


def lead_parts(task, lead_units) -> list[LeadPart]:
    """Each lead unit's part of `task`, in the order given, in one query whatever the number
    of reports: an approved claim completes the part (as `with_status` counts it); otherwise
    the latest submitted claim says whether it is under review or sent back."""
    reviewer = ReviewStage.objects.filter(report=OuterRef("pk"), position=OuterRef("stage"))
    claims = (
        Report.objects.filter(
            task=task, unit__in=[unit.pk for unit in lead_units], claims_completion=True
        )
        .exclude(state=Report.State.DRAFT)
        .annotate(gz_reviewer=Subquery(reviewer.values("unit__name")[:1]))
        .order_by("unit_id", "-submitted_at", "-pk")
    )
    latest, approved = {}, {}
    for claim in claims:
        latest.setdefault(claim.unit_id, claim)
        if claim.state == Report.State.APPROVED:
            approved.setdefault(claim.unit_id, claim)
    parts = []
    for unit in lead_units:
        claim = approved.get(unit.pk) or latest.get(unit.pk)
        if claim is None:
            parts.append(LeadPart(unit, LeadState.NOT_REPORTED))
        else:
            state = {
                Report.State.APPROVED: LeadState.APPROVED,
                Report.State.PENDING: LeadState.PENDING,
                Report.State.RETURNED: LeadState.RETURNED,
            }[claim.state]
            reviewer = claim.gz_reviewer if state == LeadState.PENDING else ""
            parts.append(LeadPart(unit, state, claim, reviewer or ""))
    return parts


@dataclass
class TargetRow:
    target: object
    actual: Decimal | None
    counted: bool
    met: bool | None


def target_rows(targets) -> list[TargetRow]:
    """Target against actual: counted by its counter, else the latest fully approved value."""
    targets = list(targets)
    counted = measures.count_many(targets)
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


def by_strand(pilot_rows):
    """[(strand or None, [(pilot, …), …])]: pilot rows (tuples starting with the pilot) grouped
    by the pilot's strand in the strands' order, each group keeping the pilots' order."""
    groups: dict = {}
    for row in pilot_rows:
        groups.setdefault(row[0].strand, []).append(row)
    return sorted(groups.items(), key=lambda group: group[0].order if group[0] else -1)


def pilot_group_label(pilot) -> str:
    """“补短板 · 便民服务型” when the program has strands, else the type alone."""
    return f"{pilot.strand.name} · {pilot.type_name}" if pilot.strand_id else pilot.type_name
