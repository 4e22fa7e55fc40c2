"""Cockpit figures for a program, over the tasks the viewer may see (no models of its own)."""

import datetime
from collections import Counter, defaultdict

from gongzhi.core import clock
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import Status, ledger_tasks, pilot_group_label, target_rows

DUE_SOON_DAYS = 14


def phase_of(task, phases):
    for phase in reversed(phases):
        if phase.start and task.due >= phase.start:
            return phase
    return phases[0] if phases else None


def _completion(tasks):
    total = len(tasks)
    done = sum(task.status == Status.DONE for task in tasks)
    return {"total": total, "done": done, "percent": round(done * 100 / total) if total else 0}


def by_unit(tasks):
    """Per unit: tasks led and co-run, and how many of each are done."""
    table = defaultdict(lambda: {"lead": [], "co": []})
    units = {}
    for task in tasks:
        for assignment in task.assignments.all():
            units[assignment.unit_id] = assignment.unit
            table[assignment.unit_id][assignment.role].append(task)
    rows = [
        {"unit": units[uid], "lead": _completion(roles["lead"]), "co": _completion(roles["co"])}
        for uid, roles in table.items()
    ]
    return sorted(rows, key=lambda row: row["unit"].path)


def _strands(tasks):
    """Completion per strand, in the strands' order (empty when the program has none)."""
    per_strand = defaultdict(list)
    for task in tasks:
        if task.kind == Task.Kind.PILOT_ITEM and task.pilot.strand_id:
            per_strand[task.pilot.strand].append(task)
    ordered = sorted(per_strand.items(), key=lambda pair: pair[0].order)
    return [(strand.name, _completion(items)) for strand, items in ordered]


def cockpit(program, tasks_queryset) -> dict:
    tasks = ledger_tasks(program, tasks_queryset)
    today = clock.today()
    phases = list(program.phases.all())
    per_phase = defaultdict(list)
    for task in tasks:
        phase = phase_of(task, phases)
        per_phase[phase.pk if phase else None].append(task)
    pilots = defaultdict(list)
    for task in tasks:
        if task.kind == Task.Kind.PILOT_ITEM:
            pilots[pilot_group_label(task.pilot)].append(task)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    return {
        "tasks": tasks,
        "status_counts": Counter(task.status for task in tasks),
        "overall": _completion(tasks),
        "phases": [(phase, _completion(per_phase[phase.pk])) for phase in phases],
        "units": by_unit(tasks),
        "types": [(name, _completion(items)) for name, items in pilots.items()],
        "strands": _strands(tasks),
        "overdue": [t for t in tasks if t.status == Status.OVERDUE],
        "due_soon": [t for t in tasks if t.status != Status.DONE and today <= t.due <= soon],
        "targets": target_rows(t for task in tasks for t in task.targets.all()),
        "today": today,
    }


def chart_data(figures) -> dict:
    """What the ECharts script draws (plain JSON)."""
    return {
        "status": [
            {"name": Status(key).label, "value": figures["status_counts"].get(key, 0), "key": key}
            for key in Status.values
        ],
        "units": {
            "names": [row["unit"].name for row in figures["units"]],
            "lead_done": [row["lead"]["done"] for row in figures["units"]],
            "lead_open": [row["lead"]["total"] - row["lead"]["done"] for row in figures["units"]],
            "co_total": [row["co"]["total"] for row in figures["units"]],
        },
        "types": {
            "names": [name for name, _c in figures["types"]],
            "percent": [c["percent"] for _n, c in figures["types"]],
        },
        "phases": {
            "names": [phase.name for phase, _c in figures["phases"]],
            "done": [c["done"] for _p, c in figures["phases"]],
            "total": [c["total"] for _p, c in figures["phases"]],
        },
    }
