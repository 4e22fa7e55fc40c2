"""A program as its document (the inverse of the importer)."""

from gongzhi.programs.document import ALL_STREETS
from gongzhi.programs.models import Program, Task


def _number(value):
    return int(value) if value == value.to_integral_value() else float(value)


def _targets(task):
    return [
        {
            "name": t.name,
            "comparator": t.comparator,
            "value": _number(t.value),
            "unit": t.measure,
            **({"counter": t.counter} if t.counter else {}),
        }
        for t in task.targets.all()
    ]


def _unit_names(assignments, role):
    names = []
    for assignment in assignments:
        if assignment.role != role:
            continue
        name = ALL_STREETS if assignment.via_all_streets else assignment.unit.name
        if name not in names:
            names.append(name)
    return names


def export_program(program: Program) -> dict:
    tasks = (
        program.tasks.select_related("pilot")
        .prefetch_related("targets", "assignments__unit")
        .order_by("number")
    )
    items_by_pilot: dict[int, list] = {}
    city = []
    for task in tasks:
        if task.kind == Task.Kind.CITY:
            assignments = list(task.assignments.all())
            city.append(
                {
                    "number": task.number,
                    "title": task.text,
                    "lead_units": _unit_names(assignments, "lead"),
                    "co_units": _unit_names(assignments, "co"),
                    "due": task.due.isoformat(),
                    "targets": _targets(task),
                }
            )
        elif task.kind == Task.Kind.PILOT_ITEM:
            items_by_pilot.setdefault(task.pilot_id, []).append(
                {
                    "number": task.number,
                    "text": task.text,
                    "category": task.category,
                    "targets": _targets(task),
                }
            )
    return {
        "code": program.code,
        "name": program.name,
        "year": program.year,
        "region": program.region.name,
        "office": program.office_unit.name,
        "issuers": program.issuers,
        "issued": program.issued.isoformat() if program.issued else None,
        "basis": program.basis,
        "goals": program.goals,
        "phases": [
            {
                "name": phase.name,
                "start": phase.start.isoformat() if phase.start else None,
                "end": phase.end.isoformat() if phase.end else None,
                "milestones": [
                    {"date": m.date.isoformat(), "text": m.text} for m in phase.milestones.all()
                ],
            }
            for phase in program.phases.prefetch_related("milestones")
        ],
        "tasks": city,
        "pilots": [
            {
                "community": pilot.community.name,
                "street": pilot.street.name,
                "type": pilot.type_name,
                "due": pilot.due.isoformat(),
                "items": items_by_pilot.get(pilot.pk, []),
            }
            for pilot in program.pilots.select_related("community", "street")
        ],
    }
