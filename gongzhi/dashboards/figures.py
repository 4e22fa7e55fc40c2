"""The cockpit's figures as a viewer sees them, read from the summaries in a few queries
whatever the size of the program (gongzhi.dashboards.summaries builds them)."""

from django.db.models import Exists, OuterRef

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.dashboards.cockpit import cockpit
from gongzhi.dashboards.models import ProgramSummary, TargetFigure
from gongzhi.dashboards.summaries import LISTED, current_state, empty_figures
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import TargetRow

UNIT_ROWS = 60  # units listed with their lead and co-run tasks (the first by the unit tree)
TARGET_ROWS = 50  # targets listed with their actual value


def completion(pair) -> dict:
    done, total = pair[0], pair[1]
    return {"total": total, "done": done, "percent": round(done * 100 / total) if total else 0}


def _reach(user):
    """(True, root path) when the viewer's tasks are one summary row's: the whole program for a
    superuser (root None), else the subtree of the one unit the viewer reaches."""
    access = access_for(user)
    if access.is_superuser:
        return True, None
    paths = access.scope_paths()
    return len(paths) == 1, paths[0] if len(paths) == 1 else None


def _unit_rows(program, root):
    rows = ProgramSummary.objects.filter(program=program, own_tasks__gt=0).exclude(path="")
    if root is not None:
        rows = rows.filter(path__startswith=root)
    rows = list(rows.select_related("unit").order_by("path")[: UNIT_ROWS + 1])
    return [
        {
            "unit": row.unit,
            "lead": completion(row.figures["lead"]),
            "co": completion(row.figures["co"]),
        }
        for row in rows[:UNIT_ROWS]
    ], len(rows) > UNIT_ROWS


def _listed_tasks(figures) -> tuple[list, list]:
    ids = figures["overdue_ids"] + figures["due_soon_ids"]
    tasks = Task.objects.dangerously_unscoped(
        reason="the ids come from the summary row of the units the viewer reaches"
    )
    found = {task.pk: task for task in tasks.filter(pk__in=ids).select_related("pilot__community")}
    return (
        [found[pk] for pk in figures["overdue_ids"] if pk in found],
        [found[pk] for pk in figures["due_soon_ids"] if pk in found],
    )


def _target_rows(program, user, root) -> list[TargetRow]:
    """The first targets in task order, of the tasks the viewer reaches: the first tasks with a
    figure are picked first (off the task order's index), then their targets' figures read, so
    a province office does not sort 280,000 figures to show 50."""
    tasks = Task.objects.filter(program=program).filter(
        Exists(TargetFigure.objects.filter(target__task=OuterRef("pk")))
    )
    if root is not None:
        tasks = tasks.filter(pk__in=Task.objects.ids_visible_to(user))
    first = tasks.order_by("kind", "number", "pk").values("pk")[:TARGET_ROWS]
    figures = TargetFigure.objects.filter(program=program, target__task__in=first)
    figures = figures.select_related("target__task__pilot__community").order_by(
        "target__task__kind", "target__task__number", "target__task_id", "target__order", "pk"
    )
    return [
        TargetRow(figure.target, figure.actual, figure.counted, figure.met)
        for figure in figures[:TARGET_ROWS]
    ]


def summary_cockpit(program, user) -> dict:
    """The cockpit's figures for `user`: from the summaries when the user's tasks are one
    row's, else counted live over the tasks the user sees (several separate reaches)."""
    whole, root = _reach(user)
    if not whole:
        return live_cockpit(program, user)
    state = current_state(program)
    row = ProgramSummary.objects.filter(program=program, path=root or "").first()
    figures = row.figures if row else empty_figures()
    overdue, due_soon = _listed_tasks(figures)
    units, more_units = _unit_rows(program, root)
    phases = list(program.phases.all())
    return {
        "overall": completion([figures["done"], figures["total"]]),
        "status_counts": figures["status"],
        "overdue": overdue,
        "overdue_count": figures["status"]["overdue"],
        "due_soon": due_soon,
        "due_soon_count": figures["due_soon"],
        "phases": [(p, completion(figures["phases"].get(str(p.pk), [0, 0]))) for p in phases],
        "types": [(name, completion(pair)) for name, pair in sorted(figures["types"].items())],
        "strands": [
            (name, completion(triple))
            for name, triple in sorted(figures["strands"].items(), key=lambda item: item[1][2])
        ],
        "units": units,
        "more_units": more_units,
        "targets": _target_rows(program, user, root),
        "targets_met": figures["targets"][0],
        "targets_total": figures["targets"][1],
        "reports_pending": figures["reports_pending"],
        "built_at": state.built_at,
        "today": clock.today(),
    }


def live_cockpit(program, user) -> dict:
    """The same figures counted over the tasks the user sees, for a viewer whose reach is
    several separate subtrees (no one summary row holds exactly those tasks)."""
    figures = cockpit(program, Task.objects.visible_to(user))
    targets = figures["targets"]
    return {
        **figures,
        "overdue": figures["overdue"][:LISTED],
        "overdue_count": len(figures["overdue"]),
        "due_soon": figures["due_soon"][:LISTED],
        "due_soon_count": len(figures["due_soon"]),
        "more_units": False,
        "targets": targets[:TARGET_ROWS],
        "targets_met": sum(bool(row.met) for row in targets),
        "targets_total": len(targets),
        "reports_pending": None,
        "built_at": None,
    }
