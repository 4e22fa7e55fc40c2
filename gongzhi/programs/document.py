"""The program document: one JSON shape for export, import, fixtures and Excel templates.

Keys: code, name, year, region, office, issuers, issued, basis, goals,
phases[{name, start, end, milestones[{date, text}]}],
tasks[{number, title, lead_units, co_units, due, targets}],
pilots[{community, street, type, due, items[{number, text, category, targets}]}],
targets[{name, comparator, value, unit, counter}]. Unit names as written in the plan; dates ISO;
"各镇(街道)" among co_units stands for every street and town of the region.
"""

import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS
from gongzhi.core.validators import date_in_range, not_negative, year_in_range
from gongzhi.orgs.models import Unit
from gongzhi.programs import counters
from gongzhi.programs.models import Target, Task

ALL_STREETS = "各镇(街道)"
ALL_STREETS_SPELLINGS = {ALL_STREETS, "各镇（街道）", "各街道（镇）", "各街道(镇)"}


class DocumentError(ValueError):
    """The document cannot be imported; `errors` lists each problem with its place."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_document_file(path) -> dict:
    """A program document from a JSON file; an unreadable file is a DocumentError naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError([f"{path}: {error}"]) from error
    except json.JSONDecodeError as error:
        place = f"{path}: line {error.lineno}, column {error.colno}"
        raise DocumentError([f"{place}: {error.msg}"]) from error


class Reader:
    """Reads and checks a document, collecting every error with its place (e.g. tasks[2].due)."""

    def __init__(self, units_by_name: dict[str, list[Unit]]):
        self.units_by_name = units_by_name
        self.errors: list[str] = []

    def fail(self, where: str, message: str):
        self.errors.append(f"{where}: {message}")

    def field(self, node, key, where, kind=str, required=True, default=None):
        if not isinstance(node, dict):
            self.fail(where, "must be an object")
            return default
        value = node.get(key)
        if value in (None, ""):
            if required:
                self.fail(f"{where}.{key}", "is required")
            return default
        if kind is datetime.date:
            return self.date(value, f"{where}.{key}")
        if kind is Decimal:
            return self.decimal(value, f"{where}.{key}")
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(f"{where}.{key}", f"must be a whole number, not {value!r}")
            return default
        if kind is list and not isinstance(value, list):
            self.fail(f"{where}.{key}", "must be a list")
            return default
        if kind is str and not isinstance(value, str):
            self.fail(f"{where}.{key}", f"must be text, not {value!r}")
            return default
        return value

    def date(self, value, where):
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, f"{value!r} is not a date (YYYY-MM-DD)")
            return None
        return self.bounded(day, date_in_range, where)

    def bounded(self, value, validator, where):
        """The same bounds the models keep (gongzhi.core.validators), checked while reading."""
        if value is None:
            return None
        try:
            validator(value)
        except ValidationError as error:
            self.fail(where, " ".join(error.messages))
            return None
        return value

    def decimal(self, value, where):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.fail(where, f"{value!r} is not a number")
            return None
        return number

    def unit(self, name, where, kinds=None):
        found = self.units_by_name.get(str(name).strip(), [])
        if kinds is not None:
            found = [unit for unit in found if unit.kind in kinds]
        if len(found) != 1:
            problem = "is ambiguous" if found else "is not a unit of this region"
            self.fail(where, f"'{name}' {problem}")
            return None
        return found[0]


def _target(reader: Reader, node, where):
    comparator = reader.field(node, "comparator", where)
    if comparator is not None and comparator not in Target.Comparator.values:
        reader.fail(f"{where}.comparator", f"must be one of {', '.join(Target.Comparator.values)}")
    counter = reader.field(node, "counter", where, required=False, default="")
    if counter and counters.get(counter) is None:
        reader.fail(f"{where}.counter", f"no counter is named '{counter}'")
    return {
        "name": reader.field(node, "name", where),
        "comparator": comparator,
        "value": reader.bounded(
            reader.field(node, "value", where, kind=Decimal), not_negative, f"{where}.value"
        ),
        "measure": reader.field(node, "unit", where, required=False, default=""),
        "counter": counter,
    }


def _targets(reader, node, where):
    nodes = reader.field(node, "targets", where, kind=list, required=False, default=[])
    return [_target(reader, t, f"{where}.targets[{i}]") for i, t in enumerate(nodes)]


def _assignments(reader, names, where, role, streets):
    rows = []
    for index, name in enumerate(names or []):
        if str(name).strip() in ALL_STREETS_SPELLINGS:
            rows += [(street, role, True) for street in streets]
        else:
            unit = reader.unit(name, f"{where}[{index}]")
            if unit is not None:
                rows.append((unit, role, False))
    return rows


def _city_task(reader, node, where, streets):
    lead = reader.field(node, "lead_units", where, kind=list)
    co = reader.field(node, "co_units", where, kind=list, required=False, default=[])
    assignments = _assignments(reader, lead, f"{where}.lead_units", "lead", streets)
    leads = {unit for unit, _role, _via in assignments}
    assignments += [
        row
        for row in _assignments(reader, co, f"{where}.co_units", "co", streets)
        if row[0] not in leads
    ]
    return {
        "number": reader.field(node, "number", where, kind=int),
        "text": reader.field(node, "title", where),
        "due": reader.field(node, "due", where, kind=datetime.date),
        "assignments": assignments,
        "targets": _targets(reader, node, where),
    }


def _item(reader, node, where, community):
    category = reader.field(node, "category", where, required=False, default="")
    if category and category not in Task.Category.values:
        reader.fail(f"{where}.category", f"must be one of {', '.join(Task.Category.values)}")
    return {
        "number": reader.field(node, "number", where, kind=int),
        "text": reader.field(node, "text", where),
        "category": category,
        "assignments": [(community, "lead", False)] if community else [],
        "targets": _targets(reader, node, where),
    }


def _pilot(reader, node, where):
    street = reader.unit(reader.field(node, "street", where), f"{where}.street", STREET_KINDS)
    community = reader.unit(
        reader.field(node, "community", where), f"{where}.community", COMMUNITY_KINDS
    )
    if street and community and not community.path.startswith(street.path):
        reader.fail(f"{where}.community", f"'{community.name}' is not under '{street.name}'")
    items = reader.field(node, "items", where, kind=list, required=False, default=[])
    due = reader.field(node, "due", where, kind=datetime.date)
    parsed = [_item(reader, item, f"{where}.items[{i}]", community) for i, item in enumerate(items)]
    for item in parsed:
        item["due"] = due
    _unique(reader, [i["number"] for i in parsed], f"{where}.items", "number")
    return {
        "community": community,
        "street": street,
        "type_name": reader.field(node, "type", where),
        "due": due,
        "items": parsed,
    }


def _phase(reader, node, where):
    milestones = reader.field(node, "milestones", where, kind=list, required=False, default=[])
    start = reader.field(node, "start", where, kind=datetime.date, required=False)
    end = reader.field(node, "end", where, kind=datetime.date, required=False)
    if start and end and end < start:
        reader.fail(f"{where}.end", "is before the start")
    return {
        "name": reader.field(node, "name", where),
        "start": start,
        "end": end,
        "milestones": [
            (
                reader.field(m, "date", f"{where}.milestones[{i}]", kind=datetime.date),
                reader.field(m, "text", f"{where}.milestones[{i}]"),
            )
            for i, m in enumerate(milestones)
        ],
    }


def _unique(reader, values, where, key):
    seen = set()
    for index, value in enumerate(values):
        if value is not None and value in seen:
            reader.fail(f"{where}[{index}].{key}", f"{value} appears twice")
        seen.add(value)


def read_document(doc) -> dict:
    """Check a document against the unit tree; return clean data or raise DocumentError."""
    early = Reader({})
    region_name = early.field(doc, "region", "document")
    code = early.field(doc, "code", "document")
    if early.errors:
        raise DocumentError(early.errors)
    regions = list(Unit.objects.filter(name=region_name, kind__in=REGION_KINDS)[:2])
    if len(regions) != 1:
        problem = "is ambiguous" if regions else "is not a region in gongzhi"
        raise DocumentError([f"region: '{region_name}' {problem}"])
    region = regions[0]
    by_name: dict[str, list[Unit]] = {}
    for unit in Unit.objects.subtree_of(region).filter(is_active=True):
        by_name.setdefault(unit.name, []).append(unit)
    reader = Reader(by_name)
    streets = [u for units in by_name.values() for u in units if u.kind in STREET_KINDS]
    streets.sort(key=lambda unit: unit.path)
    tasks = reader.field(doc, "tasks", "document", kind=list, required=False, default=[])
    pilots = reader.field(doc, "pilots", "document", kind=list, required=False, default=[])
    phases = reader.field(doc, "phases", "document", kind=list, required=False, default=[])
    data = {
        "code": code,
        "name": reader.field(doc, "name", "document"),
        "year": reader.bounded(
            reader.field(doc, "year", "document", kind=int), year_in_range, "document.year"
        ),
        "region": region,
        "office": reader.unit(reader.field(doc, "office", "document"), "office"),
        "issuers": reader.field(doc, "issuers", "document", kind=list, required=False, default=[]),
        "issued": reader.field(doc, "issued", "document", kind=datetime.date, required=False),
        "basis": reader.field(doc, "basis", "document", required=False, default=""),
        "goals": reader.field(doc, "goals", "document", kind=list, required=False, default=[]),
        "phases": [_phase(reader, p, f"phases[{i}]") for i, p in enumerate(phases)],
        "tasks": [_city_task(reader, t, f"tasks[{i}]", streets) for i, t in enumerate(tasks)],
        "pilots": [_pilot(reader, p, f"pilots[{i}]") for i, p in enumerate(pilots)],
    }
    _unique(reader, [t["number"] for t in data["tasks"]], "tasks", "number")
    _unique(reader, [p["community"] for p in data["pilots"]], "pilots", "community")
    if reader.errors:
        raise DocumentError(reader.errors)
    return data
