"""Keeping a program's summaries current task by task: a changed task's old share is taken out
of every summary row it counted in and its new share put in, reading that task's ledger only
(not the program's 280,000 tasks at province size). The rows' lists of the first overdue and
due-soon tasks are read again from the shares, for the rows touched."""

from decimal import Decimal

from gongzhi.dashboards.models import ProgramSummary, TargetFigure, TaskShare
from gongzhi.dashboards.shares import (
    LISTED,
    PROGRAM,
    add_own,
    add_share,
    all_tasks,
    empty_figures,
    read_shares,
    unit_ids,
)
from gongzhi.programs.measures import count_many
from gongzhi.programs.models import Target

ORDER = ("due", "task_id")
CENT = Decimal("0.01")  # a figure's actual is kept to two places


def recounted_tasks(program) -> list[int]:
    """Tasks of `program` whose counted targets (counters over the registries, which change
    without any change to the task) count otherwise now than their figures say."""
    kept = dict(
        TargetFigure.objects.filter(program=program, counted=True).values_list("target", "actual")
    )
    targets = list(
        Target.objects.filter(pk__in=kept).select_related(
            "task__program__region", "task__pilot__community"
        )
    )
    counted = count_many(targets)
    changed = {
        target.task_id
        for target in targets
        if _cents(counted.get(target.pk)) != _cents(kept[target.pk])
    }
    return sorted(changed)


def _cents(value):
    return None if value is None else Decimal(value).quantize(CENT)


def apply(program, task_ids: list[int], today) -> None:
    """Replace the shares of `task_ids` (tasks of `program`, changed or deleted) in its rows.
    Runs inside the caller's transaction, with the program's summary state locked."""
    old = list(TaskShare.objects.filter(program=program, task_id__in=task_ids))
    TargetFigure.objects.filter(program=program, target__task_id__in=task_ids).delete()
    new = list(read_shares(program, all_tasks(program).filter(pk__in=task_ids), today))
    keys = {key for share in old + new for key in share.keys}
    rows = _rows(program, keys)
    for share in old:
        _count(rows, share, -1)
    for share in new:
        _count(rows, share, 1)
    TaskShare.objects.filter(program=program, task_id__in=task_ids).delete()
    TaskShare.objects.bulk_create(new)
    _relist(program, rows)
    _save(rows)


def _count(rows: dict, share: TaskShare, sign: int) -> None:
    for key in share.keys:
        add_share(rows[key].figures, share.facts, sign)
    add_own(lambda path: rows[path].figures, share, sign)


def _rows(program, keys: set[str]) -> dict[str, ProgramSummary]:
    """The summary rows of `keys`, locked; a row no task counted in yet is made."""
    found = ProgramSummary.objects.select_for_update().filter(program=program, path__in=keys)
    rows = {row.path: row for row in found}
    ids = unit_ids(key for key in keys - set(rows) if key)
    for key in keys - set(rows):
        unit = ids.get(key) if key else None
        rows[key] = ProgramSummary(program=program, unit_id=unit, path=key, figures=empty_figures())
    return rows


def _relist(program, rows: dict[str, ProgramSummary]) -> None:
    """Each touched row's first overdue and due-soon tasks, earliest due first, from the shares
    (read until every touched row has its ten, at most every listed task of the program)."""
    for listed in ("overdue", "due_soon"):
        lists = {key: [] for key in rows}
        wanting = set(lists)
        shares = TaskShare.objects.filter(program=program, listed=listed).order_by(*ORDER)
        for task_id, keys in shares.values_list("task_id", "keys").iterator(chunk_size=2000):
            for key in wanting.intersection(keys):
                lists[key].append(task_id)
                if len(lists[key]) == LISTED:
                    wanting.discard(key)
            if not wanting:
                break
        for key, ids in lists.items():
            rows[key].figures[f"{listed}_ids"] = ids


def _save(rows: dict[str, ProgramSummary]) -> None:
    """Write the touched rows: a unit's row no task counts in any more goes (as a rebuild
    would not make it); the program's row stays."""
    empty = [row.pk for key, row in rows.items() if key and not row.figures["total"] and row.pk]
    ProgramSummary.objects.filter(pk__in=empty).delete()
    kept = [row for key, row in rows.items() if row.figures["total"] or key == PROGRAM]
    for row in kept:
        row.own_tasks = row.figures["lead"][1] + row.figures["co"][1]
    ProgramSummary.objects.bulk_create([row for row in kept if row.pk is None])
    ProgramSummary.objects.bulk_update([row for row in kept if row.pk], ["figures", "own_tasks"])
