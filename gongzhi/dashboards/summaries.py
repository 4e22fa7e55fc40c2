"""Building the cockpit's summaries (gongzhi.dashboards.models) from the ledger.

A program's summaries are rebuilt whole, from the same functions the ledger uses, in a fixed
number of queries: after a change to its tasks, reports or targets (marked in the writing
transaction, rebuilt by the worker once it commits; many changes, one rebuild), when the day
changes (overdue tasks), and by `manage.py refresh_summaries` for what counters count elsewhere.
A small program is rebuilt in the request that finds it out of date, so it is never stale.
"""

import datetime
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Count
from django.utils import timezone
from django_tasks import task as background_task

from gongzhi.core import clock
from gongzhi.core.bulk import analyze
from gongzhi.core.paths import path_and_ancestors
from gongzhi.dashboards.cockpit import DUE_SOON_DAYS, phase_of
from gongzhi.dashboards.models import ProgramSummary, SummaryState, TargetFigure
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Program, Task
from gongzhi.progress.ledger import Status, ledger_tasks, pilot_group_label, target_rows
from gongzhi.progress.models import Report

LISTED = 10  # overdue and due-soon tasks kept by id per row (the earliest due)
PATHS_PER_QUERY = 500
TASKS_PER_CHUNK = 2000
ANALYZE_AFTER_ROWS = 10_000  # summaries and target figures written by one rebuild


def empty_figures() -> dict:
    return {
        "total": 0,
        "done": 0,
        "status": {key: 0 for key in Status.values},
        "due_soon": 0,
        "overdue_ids": [],
        "due_soon_ids": [],
        "phases": {},
        "types": {},
        "strands": {},
        "lead": [0, 0],
        "co": [0, 0],
        "targets": [0, 0],
        "reports_pending": 0,
    }


def _tick(pair: list, done: bool) -> None:
    pair[0] += done
    pair[1] += 1


class _Facts:
    """What one task adds to every summary it belongs to."""

    def __init__(self, task, *, phases, today, rows, pending):
        self.task = task
        self.done = task.status == Status.DONE
        phase = phase_of(task, phases)
        self.phase = str(phase.pk) if phase else None
        pilot = task.pilot if task.kind == Task.Kind.PILOT_ITEM else None
        self.type = pilot_group_label(pilot) if pilot else None
        self.strand = (pilot.strand.name, pilot.strand.order) if pilot and pilot.strand_id else None
        soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
        self.due_soon = not self.done and today <= task.due <= soon
        self.targets = [sum(bool(row.met) for row in rows), len(rows)]
        self.pending = pending

    def add_to(self, figures: dict) -> None:
        task = self.task
        figures["total"] += 1
        figures["done"] += self.done
        figures["status"][task.status] += 1
        figures["reports_pending"] += self.pending
        if task.status == Status.OVERDUE and len(figures["overdue_ids"]) < LISTED:
            figures["overdue_ids"].append(task.pk)
        if self.due_soon:
            figures["due_soon"] += 1
            if len(figures["due_soon_ids"]) < LISTED:
                figures["due_soon_ids"].append(task.pk)
        if self.phase:
            _tick(figures["phases"].setdefault(self.phase, [0, 0]), self.done)
        if self.type:
            _tick(figures["types"].setdefault(self.type, [0, 0]), self.done)
        if self.strand:
            name, order = self.strand
            _tick(figures["strands"].setdefault(name, [0, 0, order]), self.done)
        figures["targets"][0] += self.targets[0]
        figures["targets"][1] += self.targets[1]


def _unit_ids(paths) -> dict[str, int]:
    paths = sorted(paths)
    ids = {}
    for start in range(0, len(paths), PATHS_PER_QUERY):
        chunk = paths[start : start + PATHS_PER_QUERY]
        ids.update(Unit.objects.filter(path__in=chunk).values_list("path", "pk"))
    return ids


def _all_tasks(program):
    return Task.objects.dangerously_unscoped(
        reason="summaries count every task of the program; each viewer reads only the "
        "rows of the units it reaches"
    ).filter(program=program)


def _ledger_chunks(program):
    """The program's tasks as the ledger reads them, earliest due first, a chunk at a time (so
    memory and each query's parameters stay bounded however large the program), each chunk
    with its target rows."""
    ids = list(_all_tasks(program).order_by("due", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), TASKS_PER_CHUNK):
        chunk = ids[start : start + TASKS_PER_CHUNK]
        tasks = sorted(
            ledger_tasks(program, _all_tasks(program).filter(pk__in=chunk)),
            key=lambda task: (task.due, task.pk),
        )
        yield tasks, target_rows(target for task in tasks for target in task.targets.all())


def _pending_reports(program) -> dict[int, int]:
    return dict(
        Report.objects.filter(task__program=program, state=Report.State.PENDING)
        .values("task")
        .annotate(n=Count("pk"))
        .values_list("task", "n")
    )


def figures_of(program, today, write_rows=None) -> tuple[dict, dict, int]:
    """({unit path or None: figures}, {unit path: own lead/co figures}, target rows read); each
    chunk's target rows are handed to `write_rows` as they are read (none is kept: a province
    program has 280,000 of them)."""
    pending = _pending_reports(program)
    phases = list(program.phases.all())
    subtree = defaultdict(empty_figures)
    own = defaultdict(lambda: {"lead": [0, 0], "co": [0, 0]})
    targets = 0
    for tasks, rows in _ledger_chunks(program):
        targets += len(rows)
        if write_rows:
            write_rows(rows)
        rows_of = defaultdict(list)
        for row in rows:
            rows_of[row.target.task_id].append(row)
        for item in tasks:
            facts = _Facts(
                item,
                phases=phases,
                today=today,
                rows=rows_of[item.pk],
                pending=pending.get(item.pk, 0),
            )
            keys = {None}
            for assignment in item.assignments.all():
                keys.update(path_and_ancestors(assignment.unit.path))
                _tick(own[assignment.unit.path][assignment.role], facts.done)
            for key in keys:
                facts.add_to(subtree[key])
    return subtree, own, targets


def _target_figures_writer(program):
    def write(rows) -> None:
        figures = [
            TargetFigure(
                target=row.target,
                program=program,
                actual=row.actual,
                counted=row.counted,
                met=row.met,
            )
            for row in rows
        ]
        TargetFigure.objects.bulk_create(figures, batch_size=PATHS_PER_QUERY)

    return write


@transaction.atomic
def rebuild(program) -> SummaryState:
    """Rebuild every summary of `program` in one transaction."""
    state, _created = SummaryState.objects.select_for_update().get_or_create(program=program)
    # cleared first: a change committed while this runs marks the program again
    SummaryState.objects.filter(pk=state.pk).update(dirty=False)
    today = clock.today()
    TargetFigure.objects.filter(program=program).delete()
    subtree, own, targets = figures_of(program, today, _target_figures_writer(program))
    ids = _unit_ids(key for key in subtree if key)
    ProgramSummary.objects.filter(program=program).delete()
    summaries = []
    for key, figures in subtree.items():
        mine = own.get(key, {"lead": [0, 0], "co": [0, 0]})
        figures.update(mine)
        summaries.append(
            ProgramSummary(
                program=program,
                unit_id=ids.get(key) if key else None,
                path=key or "",
                own_tasks=mine["lead"][1] + mine["co"][1],
                figures=figures,
            )
        )
    if None not in subtree:
        summaries.append(ProgramSummary(program=program, unit=None, figures=empty_figures()))
    ProgramSummary.objects.bulk_create(summaries, batch_size=PATHS_PER_QUERY)
    if len(summaries) + targets >= ANALYZE_AFTER_ROWS:
        # planned on stale statistics, the cockpit read a province's 280,000 target figures
        # by a hash join (1.3 s); with fresh ones it takes a quarter of that
        written = connections[router.db_for_write(ProgramSummary)]
        transaction.on_commit(partial(analyze, written, [ProgramSummary, TargetFigure]))
    state.dirty, state.as_of, state.built_at = False, today, timezone.now()
    state.tasks = subtree[None]["total"] if None in subtree else 0
    SummaryState.objects.filter(pk=state.pk).update(
        as_of=state.as_of, built_at=state.built_at, tasks=state.tasks
    )
    return state


def is_current(state: SummaryState | None) -> bool:
    return state is not None and not state.dirty and state.as_of == clock.today()


def current_state(program) -> SummaryState:
    """The program's summary state, rebuilt first when it was never built, or when it is out of
    date and small enough to rebuild in the request; a large one is left to the worker."""
    state = SummaryState.objects.filter(program=program).first()
    if is_current(state):
        return state
    if state is None or state.tasks <= settings.GZ_SUMMARY_INLINE_MAX_TASKS:
        return rebuild(program)
    transaction.on_commit(refresh_dirty_summaries.enqueue)
    return state


def mark_dirty(**program_lookup) -> None:
    """Called in the writing transaction: the summaries of the programs `program_lookup` finds
    are out of date; the worker rebuilds them once the change commits (each job rebuilds every
    program marked by then, so many changes cost one rebuild)."""
    SummaryState.objects.filter(**program_lookup).update(dirty=True)
    transaction.on_commit(refresh_dirty_summaries.enqueue)


def refresh(*, only_dirty: bool) -> list[int]:
    """Rebuild the programs' summaries (those out of date, or all); the ids rebuilt."""
    programs = Program.objects.dangerously_unscoped(reason="the worker rebuilds every program")
    if only_dirty:
        stale = SummaryState.objects.exclude(dirty=False, as_of=clock.today())
        built = SummaryState.objects.values("program")
        programs = programs.filter(pk__in=stale.values("program")) | programs.exclude(pk__in=built)
    done = []
    for program in programs.order_by("pk"):
        rebuild(program)
        done.append(program.pk)
    return done


@background_task()
def refresh_dirty_summaries() -> list[int]:
    return refresh(only_dirty=True)
