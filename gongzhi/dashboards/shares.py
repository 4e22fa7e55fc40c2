"""What one task adds to its program's summaries (its share), read from the ledger, and how a
share is added to (or taken out of) a summary row's figures. The whole rebuild adds every
task's share; the worker takes a changed task's old share out and puts its new one in."""

import datetime
from collections import defaultdict

from django.db.models import Count

from gongzhi.core.paths import path_and_ancestors
from gongzhi.dashboards.cockpit import DUE_SOON_DAYS, phase_of
from gongzhi.dashboards.models import TargetFigure, TaskShare
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import Status, ledger_tasks, pilot_group_label, target_rows
from gongzhi.progress.models import Report

LISTED = 10  # overdue and due-soon tasks kept by id per row (the earliest due)
PATHS_PER_QUERY = 500
TASKS_PER_CHUNK = 2000
PROGRAM = ""  # the key of the whole program's row


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


def tick(groups: dict, key: str, done: bool, sign: int = 1, *extra) -> None:
    """Count a task (done or not) in `groups[key]`, or take it out; an emptied group goes."""
    pair = groups.setdefault(key, [0, 0, *extra])
    pair[0] += sign * done
    pair[1] += sign
    if pair[1] == 0:
        del groups[key]


def add_share(figures: dict, facts: dict, sign: int = 1) -> None:
    """Add a task's facts to a row's counts (sign −1: take them out). The lists of overdue and
    due-soon tasks are not counts: `list_share` and the worker's relisting keep them."""
    done = facts["done"]
    figures["total"] += sign
    figures["done"] += sign * done
    figures["status"][facts["status"]] += sign
    figures["reports_pending"] += sign * facts["pending"]
    figures["due_soon"] += sign * facts["due_soon"]
    if facts["phase"]:
        tick(figures["phases"], facts["phase"], done, sign)
    if facts["type"]:
        tick(figures["types"], facts["type"], done, sign)
    if facts["strand"]:
        name, order = facts["strand"]
        tick(figures["strands"], name, done, sign, order)
    figures["targets"][0] += sign * facts["targets"][0]
    figures["targets"][1] += sign * facts["targets"][1]


def add_own(figures_of, share: TaskShare, sign: int = 1) -> None:
    """Count the task as its own units' lead or co-run task in the figures `figures_of(path)`
    gives (sign −1: take it out)."""
    for path, role in share.own:
        pair = figures_of(path)[role]
        pair[0] += sign * share.facts["done"]
        pair[1] += sign


def list_share(figures: dict, share: TaskShare) -> None:
    """Keep the task among the row's first overdue or due-soon tasks (shares come in order of
    due date)."""
    if share.listed:
        ids = figures[f"{share.listed}_ids"]
        if len(ids) < LISTED:
            ids.append(share.task_id)


def _facts(task, *, phases, today, rows, pending) -> dict:
    done = task.status == Status.DONE
    phase = phase_of(task, phases)
    pilot = task.pilot if task.kind == Task.Kind.PILOT_ITEM else None
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "status": task.status,
        "done": done,
        "pending": pending,
        "due_soon": not done and today <= task.due <= soon,
        "phase": str(phase.pk) if phase else None,
        "type": pilot_group_label(pilot) if pilot else None,
        "strand": [pilot.strand.name, pilot.strand.order] if pilot and pilot.strand_id else None,
        "targets": [sum(bool(row.met) for row in rows), len(rows)],
    }


def _share(program, task, facts) -> TaskShare:
    keys, own = {PROGRAM}, []
    for assignment in task.assignments.all():
        keys.update(path_and_ancestors(assignment.unit.path))
        own.append([assignment.unit.path, assignment.role])
    listed = "overdue" if facts["status"] == Status.OVERDUE else ""
    return TaskShare(
        task_id=task.pk,
        program=program,
        due=task.due,
        listed=listed or ("due_soon" if facts["due_soon"] else ""),
        keys=sorted(keys),
        own=own,
        facts=facts,
    )


def all_tasks(program):
    return Task.objects.dangerously_unscoped(
        reason="summaries count every task of the program; each viewer reads only the "
        "rows of the units it reaches"
    ).filter(program=program)


def _pending_reports(tasks) -> dict[int, int]:
    return dict(
        Report.objects.filter(task__in=tasks, state=Report.State.PENDING)
        .values("task")
        .annotate(n=Count("pk"))
        .values_list("task", "n")
    )


def _write_target_figures(program, rows) -> None:
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


def read_shares(program, tasks, today):
    """The shares of `tasks` (the program's, a queryset), earliest due first, read from the
    ledger a chunk at a time (memory and each query's parameters stay bounded however large
    the program); each chunk's target figures are written as it is read."""
    phases = list(program.phases.all())
    ids = list(tasks.order_by("due", "pk").values_list("pk", flat=True))
    for start in range(0, len(ids), TASKS_PER_CHUNK):
        chunk = ids[start : start + TASKS_PER_CHUNK]
        pending = _pending_reports(chunk)
        ledger = sorted(
            ledger_tasks(program, all_tasks(program).filter(pk__in=chunk)),
            key=lambda task: (task.due, task.pk),
        )
        rows = target_rows(target for task in ledger for target in task.targets.all())
        _write_target_figures(program, rows)
        rows_of = defaultdict(list)
        for row in rows:
            rows_of[row.target.task_id].append(row)
        for task in ledger:
            facts = _facts(
                task,
                phases=phases,
                today=today,
                rows=rows_of[task.pk],
                pending=pending.get(task.pk, 0),
            )
            yield _share(program, task, facts)


def unit_ids(paths) -> dict[str, int]:
    paths = sorted(paths)
    ids = {}
    for start in range(0, len(paths), PATHS_PER_QUERY):
        chunk = paths[start : start + PATHS_PER_QUERY]
        ids.update(Unit.objects.filter(path__in=chunk).values_list("path", "pk"))
    return ids
