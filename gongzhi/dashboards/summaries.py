"""Building the cockpit's summaries (gongzhi.dashboards.models) from the ledger.

A program's summaries are rebuilt whole, from the same functions the ledger uses, in a fixed
number of queries per chunk of tasks: when first read, when the day changes (overdue tasks),
and after a change that touches many tasks at once (a phase, a pilot, a strand). A change to
one task (its report, assignment, target or actual) is recorded as a SummaryChange in the
writing transaction; the worker then takes that task's old share out of the rows it counted in
and puts the new one in (`gongzhi.dashboards.increments`), reading only that task's ledger.
A small program is brought up to date in the request that finds it out of date, so it is never
stale; a large one is at most one worker job behind.
"""

from functools import partial

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone
from django_tasks import task as background_task

from gongzhi.core import clock
from gongzhi.core.bulk import analyze
from gongzhi.dashboards import increments
from gongzhi.dashboards.models import (
    ProgramSummary,
    SummaryChange,
    SummaryState,
    TargetFigure,
    TaskShare,
)
from gongzhi.dashboards.shares import (
    LISTED,
    PATHS_PER_QUERY,
    PROGRAM,
    TASKS_PER_CHUNK,
    add_own,
    add_share,
    all_tasks,
    empty_figures,
    list_share,
    read_shares,
    unit_ids,
)
from gongzhi.programs.models import Program, Task

__all__ = ["LISTED", "current_state", "empty_figures", "mark_dirty", "rebuild", "refresh"]

ANALYZE_AFTER_ROWS = 10_000  # summaries and target figures written by one rebuild


class _Rows(dict):
    """Summary figures by unit path, each row made when a task first counts in it."""

    def __missing__(self, key):
        self[key] = empty_figures()
        return self[key]


def _add_all(program, today) -> tuple[_Rows, int]:
    """Every task's share added to the rows it counts in, and written as it goes."""
    rows, batch, shares = _Rows(), [], 0
    for share in read_shares(program, all_tasks(program), today):
        for key in share.keys:
            add_share(rows[key], share.facts)
            list_share(rows[key], share)
        add_own(rows.__getitem__, share)
        batch.append(share)
        if len(batch) == TASKS_PER_CHUNK:
            shares += len(TaskShare.objects.bulk_create(batch, batch_size=PATHS_PER_QUERY))
            batch = []
    shares += len(TaskShare.objects.bulk_create(batch, batch_size=PATHS_PER_QUERY))
    rows[PROGRAM]  # the whole program's row, even with no task
    return rows, shares


@transaction.atomic
def rebuild(program) -> SummaryState:
    """Rebuild every summary of `program` in one transaction."""
    state, _created = SummaryState.objects.select_for_update().get_or_create(program=program)
    # what waits now is in what is read next; a change committed while this runs stays waiting
    waiting = [pk for pk, _task in _changes_of(program)]
    today = clock.today()
    for model in (TargetFigure, TaskShare, ProgramSummary):
        model.objects.filter(program=program).delete()
    rows, shares = _add_all(program, today)
    ids = unit_ids(key for key in rows if key)
    summaries = [
        ProgramSummary(
            program=program,
            unit_id=ids.get(key) if key else None,
            path=key,
            own_tasks=figures["lead"][1] + figures["co"][1],
            figures=figures,
        )
        for key, figures in rows.items()
    ]
    ProgramSummary.objects.bulk_create(summaries, batch_size=PATHS_PER_QUERY)
    SummaryChange.objects.filter(pk__in=waiting).delete()
    if len(summaries) + shares >= ANALYZE_AFTER_ROWS:
        # planned on stale statistics, the cockpit read a province's 280,000 target figures
        # by a hash join (1.3 s); with fresh ones it takes a quarter of that
        written = connections[router.db_for_write(ProgramSummary)]
        tables = [ProgramSummary, TargetFigure, TaskShare]
        transaction.on_commit(partial(analyze, written, tables))
    state.dirty, state.as_of, state.built_at = False, today, timezone.now()
    state.tasks = rows[PROGRAM]["total"]
    SummaryState.objects.filter(pk=state.pk).update(
        dirty=False, as_of=state.as_of, built_at=state.built_at, tasks=state.tasks
    )
    return state


def _changes_of(program) -> list[tuple[int, int]]:
    """(pk, task id) of the waiting changes of the program's tasks, and of its deleted tasks
    that have a share. Changes wait seconds, so they are few: all are read, then the program's
    kept (matching them in SQL against a province's 280,000 tasks took 0.24 s)."""
    waiting = list(SummaryChange.objects.values_list("pk", "task_id"))
    if not waiting:
        return []
    ids = {task_id for _pk, task_id in waiting}
    mine = set(all_tasks(program).filter(pk__in=ids).values_list("pk", flat=True))
    shared = TaskShare.objects.filter(program=program, task_id__in=ids - mine)
    mine.update(shared.values_list("task_id", flat=True))
    return [(pk, task_id) for pk, task_id in waiting if task_id in mine]


def is_current(state: SummaryState | None) -> bool:
    """Built, with no change that needs a whole rebuild, on today's date."""
    return state is not None and not state.dirty and state.as_of == clock.today()


def current_state(program) -> SummaryState:
    """The program's summary state, brought up to date first when it was never built, or when
    it is out of date and small enough to update in the request; a large one is left to the
    worker."""
    state = SummaryState.objects.filter(program=program).first()
    small = state is None or state.tasks <= settings.GZ_SUMMARY_INLINE_MAX_TASKS
    if is_current(state):
        if small and _changes_of(program):
            return update(program)
        return state
    if small:
        return rebuild(program)
    transaction.on_commit(refresh_dirty_summaries.enqueue)
    return state


def mark_dirty(**program_lookup) -> None:
    """Called in the writing transaction of a change that touches many tasks: the summaries of
    the programs `program_lookup` finds are rebuilt whole once it commits."""
    SummaryState.objects.filter(**program_lookup).update(dirty=True)
    transaction.on_commit(refresh_dirty_summaries.enqueue)


def mark_changed(task_id: int) -> None:
    """Called in the writing transaction of a change to one task: its share is updated once
    the change commits."""
    SummaryChange.objects.create(task_id=task_id)
    transaction.on_commit(refresh_dirty_summaries.enqueue)


@transaction.atomic
def update(program) -> SummaryState:
    """Apply the program's waiting changes, or rebuild it whole when it is out of date; a
    program another worker is updating is left to it (its changes keep waiting)."""
    states = SummaryState.objects.filter(program=program)
    state = states.select_for_update(skip_locked=True).first()
    if state is None and states.exists():
        return states.get()  # locked: being updated now
    if not is_current(state):
        return rebuild(program)
    picked = _changes_of(program)
    tasks = sorted({task_id for _pk, task_id in picked})
    for start in range(0, len(tasks), TASKS_PER_CHUNK):
        increments.apply(program, tasks[start : start + TASKS_PER_CHUNK], state.as_of)
    SummaryChange.objects.filter(pk__in=[pk for pk, _task in picked]).delete()
    if tasks:
        state.built_at = timezone.now()
        state.tasks = ProgramSummary.objects.get(program=program, unit=None).figures["total"]
        SummaryState.objects.filter(pk=state.pk).update(built_at=state.built_at, tasks=state.tasks)
    return state


def refresh(*, only_dirty: bool, recount: bool = False) -> list[int]:
    """Bring the programs' summaries up to date (only_dirty: rebuild what is out of date and
    apply the waiting changes, after marking the tasks whose counted targets count otherwise
    now when `recount`; else rebuild all whole); the ids of the programs touched."""
    programs = Program.objects.dangerously_unscoped(reason="the worker updates every program")
    done = []
    for program in programs.order_by("pk"):
        if not only_dirty:
            rebuild(program)
            done.append(program.pk)
            continue
        if recount:
            changed = increments.recounted_tasks(program)
            SummaryChange.objects.bulk_create([SummaryChange(task_id=pk) for pk in changed])
        state = SummaryState.objects.filter(program=program).first()
        if not is_current(state) or _changes_of(program):
            update(program)
            done.append(program.pk)
    if only_dirty:
        _forget_orphans()
    return done


def _forget_orphans() -> None:
    """Changes to tasks gone with no share to take out (their program was deleted)."""
    tasks = Task.objects.dangerously_unscoped(reason="only ids: which tasks still exist")
    SummaryChange.objects.exclude(task_id__in=tasks.values("pk")).exclude(
        task_id__in=TaskShare.objects.values("task_id")
    ).delete()


@background_task()
def refresh_dirty_summaries() -> list[int]:
    return refresh(only_dirty=True)
