"""Importing a unit tree and its yearly statistics from YAML or Excel.

`read_yaml_units` / `read_excel_units` turn a file into entries; `plan_units` resolves and
checks every entry against the stored tree and says what would change, writing nothing;
`apply_units` writes a clean plan in one transaction with one audit entry per change.

A unit is matched by its code when the file gives one, otherwise by its name under the same
parent; a code found elsewhere in the tree is an update (a rename or a move), never a duplicate.
The stored tree is read with a fixed number of queries, however long the file.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_records, snapshot
from gongzhi.core.excel import (
    EXAMPLE_FONT,
    NOTES_SHEET,
    append_row,
    cell_text,
    check_upload_size,
    check_xlsx,
    is_example,
    read_rows,
    sheet_names,
    workbook_bytes,
)
from gongzhi.core.kinds import ALLOWED_CHILD_KINDS, ROOT_KINDS, UnitKind
from gongzhi.core.paths import STEPLEN
from gongzhi.core.roles import Perm
from gongzhi.core.validators import year_in_range
from gongzhi.orgs.models import Unit, UnitStatistics, code_problem
from gongzhi.orgs.statistics import Statistic

# The file format: sheet titles and headers stay in Chinese whatever the language.
UNIT_SHEET = "单位"
UNIT_HEADERS = ["上级单位", "名称", "类型", "区划代码", "备注"]
STATS_SHEET = "统计"
STATS_HEADERS = ["单位", "年度", "常住人口", "户数", "面积（平方公里）"]
STATS_COLUMNS = dict(zip(STATS_HEADERS[2:], Statistic.values, strict=True))
CODE_LIKE = re.compile(r"[0-9A-Z]{12}|[0-9A-Z]{18}")
MAX_MESSAGES = 200
COMPARED = ("name", "code", "kind", "note")


class ImportRefused(ValueError):
    """A file that cannot be imported: `errors` name the sheet and row (or the YAML place)."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


# --- what a file says ---------------------------------------------------------------------


@dataclass(eq=False)
class Entry:
    """One unit as the file gives it. `parent` is the parent's Entry (YAML), a reference text —
    a path from the root written with "/" or a code — (Excel), or None / "" for a root.
    `note` None: the file says nothing, the stored note stays."""

    place: str
    name: object
    kind: object
    code: object = ""
    note: object = None
    parent: object = None
    fields: dict = field(default_factory=dict)  # field → its own place (YAML), else the row
    node: object = None  # the resolved Node, once planned

    def at(self, name: str) -> str:
        return self.fields.get(name, self.place)


@dataclass(eq=False)
class StatEntry:
    """One year of one unit's statistics: `unit` is an Entry (YAML) or a reference (Excel)."""

    place: str
    unit: object
    year: object
    values: dict  # statistic → raw value
    fields: dict = field(default_factory=dict)

    def at(self, name: str) -> str:
        return self.fields.get(name, self.place)


@dataclass
class Source:
    entries: list[Entry] = field(default_factory=list)
    stats: list[StatEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, place: str, problem) -> None:
        self.errors.append(_("%(place)s：%(problem)s") % {"place": place, "problem": problem})

    def count(self) -> None:
        if len(self.entries) + len(self.stats) > settings.GZ_IMPORT_MAX_ROWS:
            limit = settings.GZ_IMPORT_MAX_ROWS
            raise ImportRefused([_("文件超过 %(limit)d 行，请拆分后分批导入。") % {"limit": limit}])


def read_yaml_units(data) -> Source:
    """The units of a YAML document: region{name, kind, code}, units[{name, kind, code, note,
    children, stats}] (the orgs fixture format; `stats` maps a year to its figures)."""
    source = Source()
    if not isinstance(data, dict) or not isinstance(data.get("region"), dict):
        source.error("region", _("缺少地区（region）"))
        return source
    region = _yaml_entry(source, data["region"], "region", None)
    units = data.get("units", [])
    _yaml_units(source, units, "units", region)
    return source


def _yaml_entry(source, node, place, parent) -> Entry:
    entry = Entry(
        place=place,
        name=node.get("name"),
        kind=node.get("kind"),
        code=node.get("code", ""),
        note=node.get("note"),
        parent=parent,
        fields={name: f"{place}.{name}" for name in ("name", "kind", "code", "note")},
    )
    source.entries.append(entry)
    source.count()
    stats = node.get("stats", {})
    if not isinstance(stats, dict):
        source.error(f"{place}.stats", _("应为“年度: 数据”的映射"))
        return entry
    for year, values in stats.items():
        here = f"{place}.stats.{year}"
        if not isinstance(values, dict):
            source.error(here, _("应为“年度: 数据”的映射"))
            continue
        source.stats.append(
            StatEntry(
                place=here,
                unit=entry,
                year=year,
                values={name: values.get(name) for name in Statistic.values},
                fields={name: f"{here}.{name}" for name in Statistic.values} | {"year": here},
            )
        )
        source.count()
    return entry


def _yaml_units(source, nodes, place, parent) -> None:
    if not isinstance(nodes, list):
        source.error(place, _("应为列表"))
        return
    for index, node in enumerate(nodes):
        here = f"{place}[{index}]"
        if not isinstance(node, dict):
            source.error(here, _("应为包含名称和类型的映射"))
            continue
        entry = _yaml_entry(source, node, here, parent)
        _yaml_units(source, node.get("children", []), f"{here}.children", entry)


def _row_place(sheet: str, number: int) -> str:
    return _("%(sheet)s 第%(row)d行") % {"sheet": sheet, "row": number}


def _sheet_rows(source, file, sheet, headers, required):
    """(row number, {header: cell}) for the sheet's non-empty rows but for the template's
    untouched examples; the header is row 1."""
    examples = [tuple(cell_text(cell) for cell in row) for row in template_examples(sheet)]
    rows = read_rows(file, sheet)
    file.seek(0)
    position = {cell_text(title): i for i, title in enumerate(next(rows, ())) if cell_text(title)}
    missing = [title for title in required if title not in position]
    if missing:
        source.errors.append(
            _("%(sheet)s：缺少列：%(columns)s") % {"sheet": sheet, "columns": "、".join(missing)}
        )
        return
    for number, row in enumerate(rows, start=2):
        if all(cell is None or cell == "" for cell in row):
            continue
        if any(is_example(row, example) for example in examples):
            continue
        yield (
            number,
            {
                title: row[position[title]] if position.get(title, len(row)) < len(row) else ""
                for title in headers
            },
        )


def read_excel_units(file) -> Source:
    """The units of a workbook: sheet 单位 (上级单位 | 名称 | 类型 | 区划代码 | 备注) and, if
    present, sheet 统计 (单位 | 年度 | 常住人口 | 户数 | 面积（平方公里）)."""
    source = Source()
    names = sheet_names(file)
    if UNIT_SHEET not in names:
        source.errors.append(_("文件中没有名为“%(sheet)s”的工作表。") % {"sheet": UNIT_SHEET})
        return source
    for number, cells in _sheet_rows(source, file, UNIT_SHEET, UNIT_HEADERS, UNIT_HEADERS[:3]):
        note = cell_text(cells["备注"])
        source.entries.append(
            Entry(
                place=_row_place(UNIT_SHEET, number),
                parent=cell_text(cells["上级单位"]),
                name=cells["名称"],
                kind=cells["类型"],
                code=cells["区划代码"],
                note=note or None,
            )
        )
        source.count()
    if STATS_SHEET in names:
        for number, cells in _sheet_rows(
            source, file, STATS_SHEET, STATS_HEADERS, STATS_HEADERS[:2]
        ):
            source.stats.append(
                StatEntry(
                    place=_row_place(STATS_SHEET, number),
                    unit=cell_text(cells["单位"]),
                    year=cells["年度"],
                    values={name: cells[title] for title, name in STATS_COLUMNS.items()},
                )
            )
            source.count()
    return source


# --- the plan -----------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """A unit of the tree as it would be after the import: a stored unit or a new one."""

    name: str
    kind: str
    code: str = ""
    note: str = ""
    parent: "Node | None" = None
    unit: Unit | None = None
    children: list = field(default_factory=list)
    claimed_at: str = ""  # the place of the entry that names this unit
    before: dict | None = None  # name, code, kind, note, parent path before the import

    @property
    def path(self) -> str:
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "/".join(reversed(names))

    def state(self) -> dict:
        return {
            "name": self.name,
            "code": self.code,
            "kind": self.kind,
            "note": self.note,
            "parent": self.parent.path if self.parent else "",
        }

    def is_under(self, other: "Node") -> bool:
        node = self
        while node is not None:
            if node is other:
                return True
            node = node.parent
        return False


@dataclass
class StatChange:
    node: Node
    year: int
    values: dict  # the figures after the import
    record: UnitStatistics | None = None  # the stored row, if any
    before: dict | None = None


@dataclass
class UnitPlan:
    """What an import would do, in file order, and every problem found."""

    operations: list = field(default_factory=list)  # ("create" | "update", Node)
    unchanged: int = 0
    statistics: list[StatChange] = field(default_factory=list)
    statistics_unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def creates(self) -> list[Node]:
        return [node for action, node in self.operations if action == "create"]

    @property
    def updates(self) -> list[Node]:
        return [node for action, node in self.operations if action == "update"]

    @property
    def changes(self) -> int:
        return len(self.operations) + len(self.statistics)

    def counts(self) -> dict:
        return {
            "created": len(self.creates),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "statistics_created": sum(1 for s in self.statistics if s.record is None),
            "statistics_updated": sum(1 for s in self.statistics if s.record is not None),
            "statistics_unchanged": self.statistics_unchanged,
        }

    def summary(self, limit: int = 500) -> dict:
        """The plan as JSON-safe data for the plan page and the command (labels translated)."""
        return {
            "counts": self.counts(),
            "creates": [
                {"path": n.path, "kind": _kind_label(n.kind), "code": n.code}
                for n in self.creates[:limit]
            ],
            "updates": [
                {"path": n.path, "changes": _differences(n.before, n.state())}
                for n in self.updates[:limit]
            ],
            "statistics": [
                {
                    "path": change.node.path,
                    "year": change.year,
                    "new": change.record is None,
                    "changes": _differences(change.before or {}, change.values),
                }
                for change in self.statistics[:limit]
            ],
        }


def _kind_label(kind: str) -> str:
    return str(UnitKind(kind).label) if kind in UnitKind.values else kind


def _field_labels() -> dict:
    return {
        "name": _("名称"),
        "code": _("代码"),
        "kind": _("类型"),
        "note": _("备注"),
        "parent": _("上级单位"),
        **{name: str(label) for name, label in Statistic.choices},
    }


def _shown(name, value) -> str:
    if value is None or value == "":
        return "—"
    return _kind_label(value) if name == "kind" else str(value)


def _differences(before: dict, after: dict) -> list[dict]:
    labels = _field_labels()
    return [
        {
            "field": labels[name],
            "before": _shown(name, before.get(name)),
            "after": _shown(name, value),
        }
        for name, value in after.items()
        if before.get(name) != value
    ]


def _kinds_by_label() -> dict[str, str]:
    """A kind by its code value or its label (in Chinese, and in the active language)."""
    kinds = {value: value for value in UnitKind.values}
    for language in (settings.LANGUAGE_CODE, translation.get_language()):
        with translation.override(language):
            kinds.update({str(label): value for value, label in UnitKind.choices})
    return kinds


def _code_text(raw) -> str:
    return cell_text(raw).upper()


class _Planner:
    def __init__(self, actor):
        self.actor = actor
        self.access = access_for(actor) if actor is not None else None
        self.plan = UnitPlan()
        self.kinds = _kinds_by_label()
        self.children: dict[tuple, Node] = {}  # (parent node or None, name) → node
        self.codes: dict[str, Node] = {}
        self.file_codes: dict[str, str] = {}  # code → the place that first gave it

    def error(self, place: str, problem) -> None:
        if len(self.plan.errors) < MAX_MESSAGES:
            self.plan.errors.append(
                _("%(place)s：%(problem)s") % {"place": place, "problem": problem}
            )
        elif len(self.plan.errors) == MAX_MESSAGES:
            self.plan.errors.append(_("……更多问题未列出。"))

    # the stored tree, in three queries

    def load(self, source: Source) -> None:
        codes, roots = set(), set()
        for entry in source.entries:
            codes.add(_code_text(entry.code))
            if isinstance(entry.parent, str):
                reference = entry.parent
                (codes if CODE_LIKE.fullmatch(reference) else roots).add(reference.split("/")[0])
            if not entry.parent:
                roots.add(cell_text(entry.name))
        for stat in source.stats:
            if isinstance(stat.unit, str):
                (codes if CODE_LIKE.fullmatch(stat.unit) else roots).add(stat.unit.split("/")[0])
        codes.discard("")
        prefixes = set(
            Unit.objects.filter(depth=1, name__in={r.strip() for r in roots}).values_list(
                "path", flat=True
            )
        )
        prefixes |= {
            path[:STEPLEN]
            for path in Unit.objects.filter(code__in=codes).values_list("path", flat=True)
        }
        if not prefixes:
            return
        trees = Q()
        for prefix in prefixes:
            trees |= Q(path__startswith=prefix)
        by_path: dict[str, Node] = {}
        for unit in Unit.objects.filter(trees).order_by("path"):
            parent = by_path.get(unit.path[:-STEPLEN]) if unit.depth > 1 else None
            node = Node(unit.name, unit.kind, unit.code, unit.note, parent, unit)
            node.before = node.state()
            by_path[unit.path] = node
            self._attach(node)

    def _attach(self, node: Node) -> None:
        if node.parent is not None:
            node.parent.children.append(node)
        self.children.setdefault((node.parent, node.name), node)
        if node.code:
            self.codes.setdefault(node.code, node)

    def _detach(self, node: Node) -> None:
        if node.parent is not None:
            node.parent.children.remove(node)
        if self.children.get((node.parent, node.name)) is node:
            del self.children[(node.parent, node.name)]

    def find(self, reference: str) -> Node | None:
        """A unit by its code or by its path from the root ("德阳市/什邡市")."""
        if CODE_LIKE.fullmatch(reference):
            return self.codes.get(reference)
        node = None
        for name in reference.split("/"):
            node = self.children.get((node, name.strip()))
            if node is None:
                return None
        return node

    def may_change(self, node: Node | None) -> bool:
        """Whether the actor may add under, or change, this (stored or planned) unit."""
        if self.access is None or self.access.is_superuser:
            return True
        while node is not None and node.unit is None:
            node = node.parent
        return node is not None and self.access.reaches(node.unit, Perm.MANAGE_UNITS)

    # one entry

    def entry(self, entry: Entry) -> None:
        problems = []
        name, kind, code, note = self.fields(entry, problems)
        parent, resolved = self.parent(entry, problems)
        node = None
        if resolved and not problems:
            node = self.match(entry, parent, name, code, problems)
        if resolved and not problems:
            self.check(entry, node, parent, name, kind, problems)
            changes = node is not None and _differs(
                node, parent, name=name, kind=kind, code=code, note=note
            )
            moved = node is not None and node.parent is not parent
            if changes and not (self.may_change(node) and (not moved or self.may_change(parent))):
                problems.append((entry.place, _("您的角色无权执行此操作。")))
        for place, problem in problems:
            self.error(place, problem)
        if resolved and not problems:
            self.record(entry, node, parent, name=name, kind=kind, code=code, note=note)

    def fields(self, entry: Entry, problems) -> tuple:
        """The entry's name, kind, code and note, read and checked on their own."""
        name = cell_text(entry.name)
        if not name:
            problems.append((entry.at("name"), _("必须填写名称")))
        elif len(name) > 100:
            problems.append((entry.at("name"), _("名称不能超过100个字")))
        shown = cell_text(entry.kind)
        kind = self.kinds.get(shown)
        if not shown:
            problems.append((entry.at("kind"), _("必须填写类型")))
        elif kind is None:
            problems.append(
                (entry.at("kind"), _("类型“%(kind)s”不是可用的单位类型") % {"kind": shown})
            )
        code = _code_text(entry.code)
        problem = code_problem(code, kind) if kind else ""
        if problem:
            problems.append(
                (
                    entry.at("code"),
                    _("代码“%(code)s”有误：%(problem)s") % {"code": code, "problem": problem},
                )
            )
        if code in self.file_codes:
            problems.append(
                (
                    entry.at("code"),
                    _("代码“%(code)s”与%(place)s重复")
                    % {"code": code, "place": self.file_codes[code]},
                )
            )
        elif code:
            self.file_codes[code] = entry.place
        note = None if entry.note is None else cell_text(entry.note)[:200]
        return name, kind, code, note

    def parent(self, entry: Entry, problems) -> tuple[Node | None, bool]:
        """The parent node and whether it is known (an unknown parent is reported once)."""
        if isinstance(entry.parent, Entry):
            return entry.parent.node, entry.parent.node is not None
        if not entry.parent:
            return None, True
        found = self.find(entry.parent)
        if found is None:
            problems.append(
                (entry.at("parent"), _("上级单位“%(ref)s”不存在") % {"ref": entry.parent})
            )
        return found, found is not None

    def match(self, entry, parent, name, code, problems) -> Node | None:
        node = self.codes.get(code) if code else None
        if node is None:
            node = self.children.get((parent, name))
            if node is not None and code and node.code and node.code != code:
                problems.append(
                    (
                        entry.at("name"),
                        _("同一上级下已有名为“%(name)s”的单位（代码%(code)s）")
                        % {"name": name, "code": node.code},
                    )
                )
                return None
        if node is not None and node.claimed_at:
            problems.append(
                (entry.place, _("与%(place)s是同一单位，重复") % {"place": node.claimed_at})
            )
        return node

    def check(self, entry, node, parent, name, kind, problems) -> None:
        allowed = ROOT_KINDS if parent is None else ALLOWED_CHILD_KINDS[parent.kind]
        if kind not in allowed:
            problems.append(
                (
                    entry.at("kind"),
                    _("“%(parent)s”下不能设立“%(kind)s”类单位。")
                    % {"parent": parent.name if parent else _("顶层"), "kind": _kind_label(kind)},
                )
            )
        sibling = self.children.get((parent, name))
        if sibling is not None and sibling is not node:
            problems.append(
                (entry.at("name"), _("同一上级下已有名为“%(name)s”的单位。") % {"name": name})
            )
        if node is None:
            if parent is None and self.access and not self.access.is_superuser:
                problems.append((entry.place, _("只有系统管理员可以新建顶层地区。")))
            elif not self.may_change(parent):
                problems.append((entry.place, _("您的角色无权执行此操作。")))
            return
        if node.parent is not parent and parent is not None and parent.is_under(node):
            problems.append((entry.at("parent"), _("不能把单位移到它自己的下级单位之下")))
        if any(child.kind not in ALLOWED_CHILD_KINDS[kind] for child in node.children):
            problems.append((entry.at("kind"), _("该单位的下级单位不能归属于此类型。")))

    def record(self, entry, node, parent, *, name, kind, code, note) -> None:
        if node is None:
            node = Node(name, kind, code, note or "", parent)
            self._attach(node)
            self.plan.operations.append(("create", node))
        elif _differs(node, parent, name=name, kind=kind, code=code, note=note):
            self._detach(node)
            node.name, node.kind, node.parent = name, kind, parent
            node.code = code or node.code
            node.note = node.note if note is None else note
            self._attach(node)
            self.plan.operations.append(("update", node))
        else:
            self.plan.unchanged += 1
        node.claimed_at = entry.place
        entry.node = node

    # statistics

    def statistics(self, stats: list[StatEntry]) -> None:
        wanted, seen = [], {}
        for stat in stats:
            node = self.stat_unit(stat)
            year = self.year(stat)
            values = {name: self.figure(stat, name) for name in Statistic.values}
            if node is None or year is None or any(v is _BAD for v in values.values()):
                continue
            if (node, year) in seen:
                self.error(stat.place, _("与%(place)s重复") % {"place": seen[(node, year)]})
                continue
            seen[(node, year)] = stat.place
            wanted.append((node, year, {k: v for k, v in values.items() if v is not None}))
        stored = {
            (record.unit_id, record.year): record
            for record in UnitStatistics.objects.filter(
                unit__in=[node.unit for node, _y, _v in wanted if node.unit is not None],
                year__in={year for _n, year, _v in wanted},
            )
        }
        for node, year, values in wanted:
            record = stored.get((node.unit.pk, year)) if node.unit is not None else None
            before = {name: getattr(record, name) for name in Statistic.values} if record else None
            after = {**(before or dict.fromkeys(Statistic.values)), **values}
            if before == after:
                self.plan.statistics_unchanged += 1
                continue
            if not self.may_change(node):
                self.error(seen[(node, year)], _("您的角色无权执行此操作。"))
                continue
            self.plan.statistics.append(StatChange(node, year, after, record, before))

    def stat_unit(self, stat: StatEntry) -> Node | None:
        if isinstance(stat.unit, Entry):
            return stat.unit.node  # an entry with errors has them reported already
        if not stat.unit:
            self.error(stat.place, _("必须填写单位"))
            return None
        node = self.find(stat.unit)
        if node is None:
            self.error(stat.place, _("单位“%(ref)s”不存在") % {"ref": stat.unit})
        return node

    def year(self, stat: StatEntry) -> int | None:
        text = cell_text(stat.year)
        if not text.isdigit():
            self.error(stat.at("year"), _("年度“%(year)s”不是有效的年份") % {"year": text})
            return None
        try:
            year_in_range(int(text))
        except ValidationError as error:
            self.error(stat.at("year"), " ".join(error.messages))
            return None
        return int(text)

    def figure(self, stat: StatEntry, name: str):
        raw = stat.values.get(name)
        text = cell_text(raw)
        if not text:
            return None
        label = dict(Statistic.choices)[name]
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if name == Statistic.AREA:
            ok = value is not None and value.is_finite() and 0 <= value < 10**8
            ok = ok and value == value.quantize(Decimal("0.0001"))
            problem = _("“%(label)s”应为不小于0、最多4位小数的数") % {"label": label}
        else:
            ok = value is not None and value.is_finite() and 0 <= value < 2**31
            ok = ok and value == value.to_integral_value()
            problem = _("“%(label)s”应为不小于0的整数") % {"label": label}
        if not ok:
            self.error(stat.at(name), f"{problem}（{text}）")
            return _BAD
        return value if name == Statistic.AREA else int(value)


_BAD = object()


def _differs(node: Node, parent, *, name, kind, code, note) -> bool:
    """Whether an entry changes a stored unit (a blank code or note keeps the stored one)."""
    return (
        node.name != name
        or node.kind != kind
        or node.parent is not parent
        or bool(code and node.code != code)
        or (note is not None and node.note != note)
    )


def plan_units(*, actor, source: Source, progress: Callable | None = None) -> UnitPlan:
    """Check every entry of `source` for `actor` (None: the system, e.g. a command) and say what
    would change. Nothing is written."""
    planner = _Planner(actor)
    planner.plan.errors.extend(source.errors)
    if source.errors:
        return planner.plan
    planner.load(source)
    total = len(source.entries) + len(source.stats)
    for done, entry in enumerate(source.entries, start=1):
        planner.entry(entry)
        if progress and done % 1000 == 0:
            progress(done, total)
    planner.statistics(source.stats)
    if progress:
        progress(total, total)
    return planner.plan


def apply_units(*, actor, plan: UnitPlan, source_name: str = "", actor_label: str = "") -> dict:
    """Write a clean plan in one transaction, with one audit entry per change; returns the
    counts. Parents come before their children in the plan, so every parent exists in time."""
    if plan.errors:
        raise ImportRefused(plan.errors)
    entries, now = [], timezone.now()
    with transaction.atomic():
        updated = []
        for action, node in plan.operations:
            if action == "create":
                node.unit = Unit.objects.add_unit(
                    node.parent.unit if node.parent else None,
                    name=node.name,
                    kind=node.kind,
                    code=node.code,
                    note=node.note,
                )
                entries.append((Action.CREATE, node.unit, None, snapshot(node.unit)))
                continue
            unit = node.unit
            before = snapshot(unit)
            parent_path = unit.path[:-STEPLEN] if unit.depth > 1 else ""
            new_parent = node.parent.unit if node.parent else None
            if (new_parent.path if new_parent else "") != parent_path:
                _move(unit, new_parent)
            for name in COMPARED:
                setattr(unit, name, getattr(node, name))
            unit.updated_at = now
            updated.append((unit, before))
        if updated:
            Unit.objects.bulk_update([unit for unit, _b in updated], [*COMPARED, "updated_at"])
            fresh = Unit.objects.in_bulk([unit.pk for unit, _b in updated])  # paths after moves
            entries += [
                (Action.UPDATE, fresh[unit.pk], before, snapshot(fresh[unit.pk]))
                for unit, before in updated
            ]
        entries += _write_statistics(plan.statistics, source_name)
        audit_records(actor=actor, entries=entries, actor_label=actor_label)
    return plan.counts()


def _move(unit: Unit, parent: Unit | None) -> None:
    """Move a unit (with its subtree) to be the last child of `parent`, or the last root."""
    if parent is not None:
        Unit.objects.move(unit, parent, "last-child")
    else:
        Unit.objects.move(unit, Unit.objects.get_root_nodes().last(), "last-sibling")


def _write_statistics(changes: list[StatChange], source_name: str) -> list:
    new, changed = [], []
    for change in changes:
        record = change.record or UnitStatistics(unit=change.node.unit, year=change.year)
        before = snapshot(record) if change.record else None
        for name, value in change.values.items():
            setattr(record, name, value)
        record.source = source_name[:200]
        (changed if change.record else new).append((record, before))
    UnitStatistics.objects.bulk_create([record for record, _b in new])
    UnitStatistics.objects.bulk_update(
        [record for record, _b in changed], [*Statistic.values, "source"]
    )
    return [
        (Action.UPDATE if before else Action.CREATE, record, before, snapshot(record))
        for record, before in new + changed
    ]


# --- files --------------------------------------------------------------------------------

EXCEL_SUFFIXES = (".xlsx",)
YAML_SUFFIXES = (".yaml", ".yml")


def template_examples(sheet: str) -> list[list]:
    """The template's example rows of a sheet, which an import skips while they are untouched."""
    if sheet == UNIT_SHEET:
        return [
            ["", "示例市", str(UnitKind.PREFECTURE.label), "519900000000", "示例"],
            ["示例市", "示例县", str(UnitKind.COUNTY.label), "519901000000", "示例"],
        ]
    return [
        ["示例市/示例县", 2024, 410000, 150000, 820.5],
        ["519901000000", 2023, 412000, 149000, 820.5],
    ]


def read_units_file(file, name: str) -> Source:
    """The entries of an uploaded or stored file, by its suffix: an Excel workbook (checked for
    its size and for a decompression bomb before parsing) or a YAML document."""
    check_upload_size(file.size)
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        check_xlsx(file)
        return read_excel_units(file)
    if suffix in YAML_SUFFIXES:
        try:
            data = yaml.safe_load(file.read().decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as error:
            raise ImportRefused([_("YAML 文件无法读取：%(error)s") % {"error": error}]) from error
        return read_yaml_units(data)
    raise ImportRefused([_("请上传 Excel（.xlsx）或 YAML（.yaml、.yml）文件。")])


def template_workbook() -> bytes:
    """The Excel template: the 单位 and 统计 sheets with two example rows each (grey, in
    italics; an import skips them while they are left as they are), and 说明."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers in ((UNIT_SHEET, UNIT_HEADERS), (STATS_SHEET, STATS_HEADERS)):
        sheet = workbook.create_sheet(title)
        append_row(sheet, headers)
        for example in template_examples(title):
            append_row(sheet, example)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.font = EXAMPLE_FONT
    notes = workbook.create_sheet(NOTES_SHEET)
    append_row(notes, [_("工作表和列"), _("填写说明")])
    append_row(
        notes, [_("示例行"), _("灰色斜体的行是示例：原样保留时导入会跳过，可直接改写或删除。")]
    )
    kinds = "、".join(str(label) for label in UnitKind.labels)
    for row in (
        (
            _("单位 · 上级单位"),
            _(
                "从顶层写起的路径，用“/”分隔（如 德阳市/什邡市），或上级的代码；顶层单位留空。"
                "上级可以是本表前面行新建的单位。"
            ),
        ),
        (_("单位 · 名称"), _("必填。同一上级下的名称不能重复。")),
        (_("单位 · 类型"), _("必填，可填：%(kinds)s。") % {"kinds": kinds}),
        (
            _("单位 · 区划代码"),
            _(
                "地区、街道（镇）、社区（村）填12位统计用区划代码；部门、机构可填18位统一社会信用代码。有代码的单位按代码匹配：改名或换上级都算更新，不会重复新建。"
            ),
        ),
        (_("单位 · 备注"), _("选填；留空则保留原有备注。")),
        (_("统计 · 单位"), _("单位的路径或代码。")),
        (_("统计 · 年度"), _("2000 至 2100 之间的年份；同一单位每年一行。")),
        (_("统计 · 常住人口、户数"), _("不小于0的整数；留空则保留原值。")),
        (_("统计 · 面积（平方公里）"), _("不小于0的数，最多4位小数；留空则保留原值。")),
        (
            _("导入"),
            _(
                "先上传预览将要新增和修改的内容，确认后才写入；"
                "任何一行有误都不会写入，并列出出错的行。"
            ),
        ),
    ):
        append_row(notes, row)
    return workbook_bytes(workbook)
