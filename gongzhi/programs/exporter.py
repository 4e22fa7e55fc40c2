"""A program as its document (the inverse of the importer)."""

from gongzhi.programs.models import Program, Task
from gongzhi.programs.targets import target_document
from gongzhi.programs.units import UnitIndex


def _due(task, default=None):
    if task.due_from:
        return {"due": f"@{task.due_from}"}
    if default is not None and task.due == default:
        return {}
    return {"due": task.due.isoformat()}


def _unit_names(units, assignments, role):
    names = []
    for assignment in assignments:
        if assignment.role != role:
            continue
        name = assignment.via_group or units.reference(assignment.unit)
        if name not in names:
            names.append(name)
    return names


def _city_task(units, task):
    assignments = list(task.assignments.all())
    return {
        "number": task.number,
        "title": task.text,
        "lead_units": _unit_names(units, assignments, "lead"),
        "co_units": _unit_names(units, assignments, "co"),
        **_due(task),
        "targets": [target_document(t) for t in task.targets.all()],
    }


def _item(task):
    return {
        "number": task.number,
        "text": task.text,
        "category": task.category,
        **_due(task, default=task.pilot.due),
        "targets": [target_document(t) for t in task.targets.all()],
    }


def _pilot(units, pilot, items):
    node = {
        "community": units.reference(pilot.community),
        "street": units.reference(pilot.street),
        "type": pilot.type_name,
        "due": f"@{pilot.due_from}" if pilot.due_from else pilot.due.isoformat(),
        "items": items,
    }
    if pilot.strand_id:
        node["strand"] = pilot.strand.name
    return node


def _phase(phase):
    return {
        "name": phase.name,
        "start": phase.start.isoformat() if phase.start else None,
        "end": phase.end.isoformat() if phase.end else None,
        "milestones": [
            {**({"key": m.key} if m.key else {}), "date": m.date.isoformat(), "text": m.text}
            for m in phase.milestones.all()
        ],
    }


def _working_group(units, group):
    return {
        "name": group.name,
        "office_duty": group.office_duty,
        "source": group.source,
        "members": [
            {
                "name": m.name,
                "position": m.position,
                "unit": units.reference(m.unit),
                "duty": m.duty,
            }
            for m in group.members.select_related("unit")
        ],
    }


def _optional(program, units) -> dict:
    """The keys a document may leave out, written only when the program has them."""
    node = {}
    for key in ("source", "issuers", "basis", "goals", "groups", "types", "categories", "filings"):
        if getattr(program, key):
            node[key] = getattr(program, key)
    if program.issued:
        node["issued"] = program.issued.isoformat()
    strands = [
        {"name": s.name, "types": s.types, "categories": s.categories}
        for s in program.strands.all()
    ]
    if strands:
        node["strands"] = strands
    if program.working_group_id:
        node["working_group"] = _working_group(units, program.working_group)
    return node


def export_program(program: Program) -> dict:
    units = UnitIndex(program.region)
    tasks = (
        program.tasks.select_related("pilot")
        .prefetch_related("targets", "assignments__unit")
        .order_by("number")
    )
    items_by_pilot: dict[int, list] = {}
    city = []
    for task in tasks:
        if task.kind == Task.Kind.CITY:
            city.append(_city_task(units, task))
        elif task.kind == Task.Kind.PILOT_ITEM:
            items_by_pilot.setdefault(task.pilot_id, []).append(_item(task))
    pilots = program.pilots.select_related("community", "street", "strand")
    return {
        "code": program.code,
        "name": program.name,
        "year": program.year,
        "region": program.region.name,
        "office": units.reference(program.office_unit),
        **_optional(program, units),
        "phases": [_phase(phase) for phase in program.phases.prefetch_related("milestones")],
        "tasks": city,
        "pilots": [_pilot(units, p, items_by_pilot.get(p.pk, [])) for p in pilots],
    }
