"""The program document: one JSON shape for export, import, fixtures and Excel templates.
Its keys are described in docs/program-document.md. Reading checks everything against the unit
tree and collects every problem with its place (e.g. tasks[2].due); unknown keys are problems too.
"""

import datetime
import json
from pathlib import Path

from django.utils.translation import gettext as _

from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS
from gongzhi.core.validators import year_in_range
from gongzhi.orgs.models import Unit, WorkingGroupMember
from gongzhi.programs.groups import Groups, group_from_document
from gongzhi.programs.reading import DocumentError, Reader
from gongzhi.programs.targets import read_targets
from gongzhi.programs.units import UnitIndex, find_region

__all__ = ["DocumentError", "read_document", "read_document_file"]

TOP_KEYS = {
    "source",
    "code",
    "name",
    "year",
    "region",
    "office",
    "issuers",
    "issued",
    "basis",
    "goals",
    "groups",
    "categories",
    "types",
    "strands",
    "working_group",
    "phases",
    "filings",
    "tasks",
    "pilots",
}
TASK_KEYS = {"number", "title", "lead_units", "co_units", "due", "targets"}
PILOT_KEYS = {"community", "street", "strand", "type", "due", "items"}
ITEM_KEYS = {"number", "text", "category", "due", "targets"}
PHASE_KEYS = {"name", "start", "end", "milestones"}
MILESTONE_KEYS = {"key", "date", "text"}
FILING_KEYS = {"units", "text", "due"}
GROUP_KEYS = {"name", "office_duty", "source", "members"}
MEMBER_KEYS = {"name", "position", "unit", "duty"}
STRAND_KEYS = {"name", "types", "categories"}


def read_document_file(path) -> dict:
    """A program document from a JSON file; an unreadable file is a DocumentError naming it."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError([f"{path}: {error}"]) from error
    except json.JSONDecodeError as error:
        place = _("%(path)s: 第%(line)d行第%(column)d列") % {
            "path": path,
            "line": error.lineno,
            "column": error.colno,
        }
        raise DocumentError(
            [_("%(place)s：JSON 格式有误（%(error)s）") % {"place": place, "error": error.msg}]
        ) from error


class ProgramReader(Reader):
    """Reads one document against its region's units and group phrases."""

    def __init__(self, region: Unit, groups: Groups):
        super().__init__()
        self.region = region
        self.units = UnitIndex(region)
        self.groups = groups
        self.milestones: dict[str, datetime.date] = {}
        self.pilot_pairs: list[tuple] = []

    def unit(self, text, where, kinds=None):
        unit, problem = self.units.resolve(text, kinds)
        if problem:
            self.fail(where, problem)
        return unit

    def due(self, node, where, required=True, default=None):
        """A date, or "@key" for a milestone's date; returns (date, key)."""
        value = self.field(node, "due", where, required=required)
        if isinstance(value, str) and value.startswith("@"):
            key = value[1:]
            if key not in self.milestones:
                self.fail(f"{where}.due", _("没有引用键为“%(key)s”的节点") % {"key": key})
            return self.milestones.get(key), key
        if value is None:
            return default, ""
        return self.date(value, f"{where}.due"), ""

    def units_or_groups(self, names, where, role):
        """[(unit, role, phrase)] for names and group phrases, in order, without repeats."""
        rows, seen = [], set()
        for index, name in enumerate(names or []):
            group = self.groups.get(name)
            if group is not None:
                found = [(u, group.phrase) for u in self.groups.expand(group, *self._context())]
            else:
                unit = self.unit(name, f"{where}[{index}]")
                found = [(unit, "")] if unit else []
            for unit, phrase in found:
                if unit.pk not in seen:
                    seen.add(unit.pk)
                    rows.append((unit, role, phrase))
        return rows

    def _context(self):
        return self.region, self.pilot_pairs


def _named_list(reader, node, key, where):
    """A list of names (types) or of {code, name} (categories), checked for repeats."""
    values = reader.field(node, key, where, kind=list, required=False, default=[])
    if key == "types":
        values = [v for i, v in enumerate(values) if reader.text(v, f"{where}.{key}[{i}]")]
        reader.unique(values, f"{where}.{key}")
        return values
    clean = []
    for index, entry in enumerate(values):
        here = f"{where}.{key}[{index}]"
        reader.known(entry, {"code", "name"}, here)
        code, name = reader.field(entry, "code", here), reader.field(entry, "name", here)
        if code and name:
            clean.append({"code": code, "name": name})
    reader.unique([c["code"] for c in clean], f"{where}.{key}", "code")
    return clean


def _strands(reader, doc):
    strands = reader.field(doc, "strands", "document", kind=list, required=False, default=[])
    clean = []
    for index, node in enumerate(strands):
        where = f"strands[{index}]"
        reader.known(node, STRAND_KEYS, where)
        clean.append(
            {
                "name": reader.field(node, "name", where),
                "types": _named_list(reader, node, "types", where),
                "categories": _named_list(reader, node, "categories", where),
            }
        )
    reader.unique([s["name"] for s in clean], "strands", "name")
    return clean


def _phases(reader, doc):
    phases = reader.field(doc, "phases", "document", kind=list, required=False, default=[])
    clean = []
    for index, node in enumerate(phases):
        where = f"phases[{index}]"
        reader.known(node, PHASE_KEYS, where)
        start = reader.field(node, "start", where, kind=datetime.date, required=False)
        end = reader.field(node, "end", where, kind=datetime.date, required=False)
        if start and end and end < start:
            reader.fail(f"{where}.end", _("早于开始日期"))
        milestones = []
        nodes = reader.field(node, "milestones", where, kind=list, required=False, default=[])
        for m_index, milestone in enumerate(nodes):
            here = f"{where}.milestones[{m_index}]"
            reader.known(milestone, MILESTONE_KEYS, here)
            key = reader.field(milestone, "key", here, required=False, default="")
            date = reader.field(milestone, "date", here, kind=datetime.date)
            if key and key in reader.milestones:
                reader.fail(f"{here}.key", _("“%(value)s”重复出现") % {"value": key})
            if key:
                reader.milestones[key] = date
            milestones.append((key, date, reader.field(milestone, "text", here)))
        # stored and exported by date: read them so, or each import would rewrite them
        milestones.sort(key=lambda milestone: milestone[1] or datetime.date.min)
        clean.append(
            {
                "name": reader.field(node, "name", where),
                "start": start,
                "end": end,
                "milestones": milestones,
            }
        )
    return clean


def _pilot(reader, node, where, strands, program_lists):
    reader.known(node, PILOT_KEYS, where)
    street = reader.unit(reader.field(node, "street", where), f"{where}.street", STREET_KINDS)
    community = reader.unit(
        reader.field(node, "community", where), f"{where}.community", COMMUNITY_KINDS
    )
    if street and community and not community.path.startswith(street.path):
        reader.fail(
            f"{where}.community",
            _("“%(community)s”不在“%(street)s”之下")
            % {"community": community.name, "street": street.name},
        )
    strand_name = reader.field(node, "strand", where, required=bool(strands), default="")
    strand = next((s for s in strands if s["name"] == strand_name), None)
    if strand_name and strand is None:
        reader.fail(
            f"{where}.strand", _("“%(name)s”不是文件声明的工作板块") % {"name": strand_name}
        )
    types = (strand or {}).get("types") or program_lists["types"]
    type_name = reader.field(node, "type", where)
    reader.one_of(type_name, types, f"{where}.type", "types")
    due, due_from = reader.due(node, where)
    return {
        "community": community,
        "street": street,
        "strand": strand_name,
        "type_name": type_name,
        "due": due,
        "due_from": due_from,
        "categories": (strand or {}).get("categories") or program_lists["categories"],
        "node": node,
    }


def _items(reader, pilot, where):
    items = reader.field(pilot["node"], "items", where, kind=list, required=False, default=[])
    codes = [c["code"] for c in pilot["categories"]]
    names = {c["name"]: c["code"] for c in pilot["categories"]}
    clean = []
    for index, node in enumerate(items):
        here = f"{where}.items[{index}]"
        reader.known(node, ITEM_KEYS, here)
        category = reader.field(node, "category", here, required=False, default="")
        category = names.get(category, category)
        reader.one_of(category or None, codes, f"{here}.category", "categories")
        due, due_from = reader.due(node, here, required=False, default=pilot["due"])
        community = pilot["community"]
        clean.append(
            {
                "number": reader.field(node, "number", here, kind=int),
                "text": reader.field(node, "text", here),
                "category": category,
                "due": due,
                "due_from": due_from,
                "assignments": [(community, "lead", "")] if community else [],
                "targets": read_targets(reader, node, here),
            }
        )
    reader.unique([i["number"] for i in clean], f"{where}.items", "number")
    return clean


def _city_task(reader, node, where):
    reader.known(node, TASK_KEYS, where)
    lead = reader.field(node, "lead_units", where, kind=list)
    co = reader.field(node, "co_units", where, kind=list, required=False, default=[])
    assignments = reader.units_or_groups(lead, f"{where}.lead_units", "lead")
    leads = {unit.pk for unit, _role, _via in assignments}
    assignments += [
        row
        for row in reader.units_or_groups(co, f"{where}.co_units", "co")
        if row[0].pk not in leads
    ]
    due, due_from = reader.due(node, where)
    return {
        "number": reader.field(node, "number", where, kind=int),
        "text": reader.field(node, "title", where),
        "due": due,
        "due_from": due_from,
        "assignments": assignments,
        "targets": read_targets(reader, node, where),
    }


def _filings(reader, doc):
    filings = reader.field(doc, "filings", "document", kind=list, required=False, default=[])
    clean, units = [], []
    for index, node in enumerate(filings):
        where = f"filings[{index}]"
        reader.known(node, FILING_KEYS, where)
        names = reader.field(node, "units", where, kind=list, default=[])
        text = reader.field(node, "text", where)
        due, due_from = reader.due(node, where)
        for unit, _role, _via in reader.units_or_groups(names, f"{where}.units", "lead"):
            if unit not in units:
                units.append(unit)
                clean.append(
                    {"unit": unit, "text": f"{unit.name}{text}", "due": due, "due_from": due_from}
                )
    return clean


def _working_group(reader, doc):
    node = reader.field(doc, "working_group", "document", kind=dict, required=False)
    if node is None:
        return None
    where = "working_group"
    reader.known(node, GROUP_KEYS, where)
    members = []
    for index, member in enumerate(
        reader.field(node, "members", where, kind=list, required=False, default=[])
    ):
        here = f"{where}.members[{index}]"
        reader.known(member, MEMBER_KEYS, here)
        duty = reader.field(member, "duty", here)
        reader.one_of(duty, WorkingGroupMember.Duty.values, f"{here}.duty")
        members.append(
            {
                "name": reader.field(member, "name", here),
                "position": reader.field(member, "position", here),
                "unit": reader.unit(reader.field(member, "unit", here), f"{here}.unit"),
                "duty": duty,
            }
        )
    reader.unique([m["name"] for m in members], f"{where}.members", "name")
    return {
        "name": reader.field(node, "name", where),
        "office_duty": reader.field(node, "office_duty", where, required=False, default=""),
        "source": reader.field(node, "source", where, required=False, default=""),
        "members": members,
    }


def _declared_groups(reader, doc):
    nodes = reader.field(doc, "groups", "document", kind=list, required=False, default=[])
    groups = []
    for index, node in enumerate(nodes):
        group, problems = group_from_document(node)
        for problem in problems:
            reader.fail(f"groups[{index}]", problem)
        if group:
            groups.append(group)
    return groups


def _region(doc) -> tuple[Unit, str]:
    early = Reader()
    early.known(doc, TOP_KEYS, "document")
    region_text = early.field(doc, "region", "document")
    code = early.field(doc, "code", "document")
    if early.errors:
        raise DocumentError(early.errors)
    region, problem = find_region(region_text, REGION_KINDS)
    if problem:
        raise DocumentError([f"region: {problem}"])
    return region, code


def read_document(doc) -> dict:
    """Check a document against the unit tree; return clean data or raise DocumentError."""
    region, code = _region(doc)
    probe = Reader()
    declared = _declared_groups(probe, doc)
    reader = ProgramReader(region, Groups(declared))
    reader.errors += probe.errors
    lists = {
        "types": _named_list(reader, doc, "types", "document"),
        "categories": _named_list(reader, doc, "categories", "document"),
    }
    strands = _strands(reader, doc)
    phases = _phases(reader, doc)
    pilot_nodes = reader.field(doc, "pilots", "document", kind=list, required=False, default=[])
    pilots = [
        _pilot(reader, node, f"pilots[{i}]", strands, lists) for i, node in enumerate(pilot_nodes)
    ]
    reader.pilot_pairs = [
        (p["street"], p["community"]) for p in pilots if p["community"] and p["street"]
    ]
    for index, pilot in enumerate(pilots):
        pilot["items"] = _items(reader, pilot, f"pilots[{index}]")
    tasks = reader.field(doc, "tasks", "document", kind=list, required=False, default=[])
    data = {
        "code": code,
        "name": reader.field(doc, "name", "document"),
        "year": reader.bounded(
            reader.field(doc, "year", "document", kind=int), year_in_range, "document.year"
        ),
        "region": region,
        "office": reader.unit(reader.field(doc, "office", "document"), "office"),
        "source": reader.field(doc, "source", "document", required=False, default=""),
        "issuers": reader.field(doc, "issuers", "document", kind=list, required=False, default=[]),
        "issued": reader.field(doc, "issued", "document", kind=datetime.date, required=False),
        "basis": reader.field(doc, "basis", "document", required=False, default=""),
        "goals": reader.field(doc, "goals", "document", kind=list, required=False, default=[]),
        "groups": [group.as_document() for group in declared],
        "types": lists["types"],
        "categories": lists["categories"],
        "strands": strands,
        "working_group": _working_group(reader, doc),
        "phases": phases,
        "tasks": [_city_task(reader, t, f"tasks[{i}]") for i, t in enumerate(tasks)],
        "pilots": pilots,
        "filings": _filings(reader, doc),
        "filing_rules": doc.get("filings") or [],
    }
    reader.unique([t["number"] for t in data["tasks"]], "tasks", "number")
    reader.unique([p["community"] for p in pilots], "pilots", "community")
    if reader.errors:
        raise DocumentError(reader.errors)
    return data
