"""Excel in and out: the 台账 as offices keep it, and the program template: a county fills it in
to start a program, and an office downloads its program in it to edit and upload again."""

import calendar
import datetime
import io
import json
import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gongzhi.core.excel import append_row, set_cell, workbook_bytes
from gongzhi.programs.document import DocumentError

HEADER_FILL = PatternFill("solid", fgColor="F2DCDB")


def _sheet(workbook, title, headers, widths):
    sheet = workbook.create_sheet(title)
    append_row(sheet, headers)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    sheet.freeze_panes = "A2"
    return sheet


# --- the ledger ---------------------------------------------------------------------------

# The row keys; the exported file shows them translated (the ledger is never read back).
LEDGER_HEADERS = [
    gettext_noop("类别"),
    gettext_noop("编号"),
    gettext_noop("任务内容"),
    gettext_noop("特色社区"),
    gettext_noop("牵头单位"),
    gettext_noop("配合单位"),
    gettext_noop("完成时限"),
    gettext_noop("状态"),
    gettext_noop("最新进展"),
    gettext_noop("佐证材料数"),
    gettext_noop("审核意见"),
]


def ledger_workbook(program, rows) -> bytes:
    """`rows`: dicts with the LEDGER_HEADERS keys, one per task or item."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    headers = [_(header) for header in LEDGER_HEADERS]
    sheet = _sheet(workbook, _("台账"), headers, [14, 10, 50, 12, 24, 30, 12, 8, 50, 10, 40])
    sheet.insert_rows(1)
    title = _("%(program)s 工作台账（导出于 %(date)s）") % {
        "program": program.name,
        "date": f"{datetime.date.today():%Y-%m-%d}",
    }
    set_cell(sheet, "A1", title)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.freeze_panes = "A3"
    for row in rows:
        append_row(sheet, [row[key] for key in LEDGER_HEADERS])
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


# --- the program template -----------------------------------------------------------------

# Sheet titles, headers, the 项目 keys and the values below stay in Chinese whatever the
# language: they are the file format TemplateReader reads back, so they are not translated.
# Each sheet holds one part of the program document (docs/program-document.md); a program
# exported to Excel (`program_workbook`) uses the same sheets, so it can be edited and uploaded.

SHEETS = {
    "项目": ["项目", "内容"],
    "单位组短语": ["短语", "单位类型", "限定名称", "取自试点"],
    "板块": ["板块名称"],
    "类型与类别": ["板块", "种类", "名称", "代码"],
    "工作组": ["姓名", "职务", "单位", "职责"],
    "阶段": ["阶段名称", "开始日期", "结束日期"],
    "节点": ["阶段名称", "日期", "内容", "引用键"],
    "备案": ["备案单位", "内容", "完成时限"],
    "市级任务": ["序号", "任务内容", "牵头单位", "配合单位", "完成时限"],
    "特色社区": ["社区", "责任街道（镇）", "板块", "创建类型", "完成时限"],
    "建设任务": ["社区", "序号", "内容", "类别", "完成时限"],
    "指标": [
        "所属任务",
        "指标",
        "比较",
        "目标值",
        "计量单位",
        "计数器",
        "参数",
        "比率分母",
        "比率基数",
        "覆盖单位组",
        "覆盖条件",
    ],
}
WIDTHS = {"项目": [20, 60], "市级任务": [8, 60, 30, 40, 14], "建设任务": [16, 8, 60, 12, 14]}
PROGRAM_KEYS = {
    "代码": "code",
    "名称": "name",
    "年度": "year",
    "地区": "region",
    "牵头办公室所在单位": "office",
    "印发单位": "issuers",
    "印发日期": "issued",
    "政策依据": "basis",
    "目标": "goals",
    "文件出处": "source",
    "工作组名称": "group_name",
    "工作组办公室职责": "group_office_duty",
    "工作组文件出处": "group_source",
}
GROUP_FIELDS = {"group_name": "name", "group_office_duty": "office_duty", "group_source": "source"}
COMPARATORS = {"≥": ">=", ">=": ">=", "=": "=", "≤": "<=", "<=": "<="}
COMPARATOR_SIGNS = {">=": "≥", "=": "=", "<=": "≤"}
STATISTICS = {"常住人口": "residents", "户数": "households", "面积": "area_km2"}
DUTIES = {"组长": "leader", "副组长": "deputy", "成员": "member"}
PILOT_SOURCES = {"试点社区": "community", "试点镇(街道)": "street", "试点镇(街道)和社区": "both"}
TYPE, CATEGORY = "创建类型", "任务类别"
SEPARATORS = "、;；\n"
OPENING, CLOSING = "(（", ")）"

# The example the blank template carries: a made-up county, every part of the document once.
EXAMPLE = {
    "code": "example-2025",
    "name": "某县城乡社区治理示范工程",
    "year": 2025,
    "region": "某县",
    "office": "县民政局",
    "issuers": ["县民政局", "县委组织部"],
    "issued": "2025-03-01",
    "goals": ["服务更便民", "参与更广泛"],
    "source": "某县民政局《某县城乡社区治理示范工程实施方案》",
    "groups": [{"phrase": "各县级部门", "kinds": ["department"]}],
    "categories": [
        {"code": "facility", "name": "阵地建设"},
        {"code": "service", "name": "服务提升"},
    ],
    "strands": [
        {"name": "基础提升", "types": ["服务提升型"], "categories": []},
        {"name": "特色创建", "types": ["多元共治型", "智慧治理型"], "categories": []},
    ],
    "working_group": {
        "name": "某县城乡社区治理示范工程工作组",
        "office_duty": "工作组下设办公室，设在县民政局，负责日常工作。",
        "source": "实施方案附件",
        "members": [
            {"name": "张三", "position": "县委常委", "unit": "县委组织部", "duty": "leader"},
            {"name": "李四", "position": "县民政局局长", "unit": "县民政局", "duty": "deputy"},
        ],
    },
    "phases": [
        {
            "name": "前期准备阶段",
            "start": "2025-03-01",
            "end": "2025-03-31",
            "milestones": [
                {"key": "prep", "date": "2025-03-31", "text": "各创建单位制定创建方案并备案"}
            ],
        },
        {
            "name": "工程实施阶段",
            "start": "2025-04-01",
            "end": None,
            "milestones": [{"key": "facility", "date": "2025-10-30", "text": "基本完成阵地建设"}],
        },
    ],
    "filings": [{"units": ["各试点单位"], "text": "创建方案报县民政局备案", "due": "@prep"}],
    "tasks": [
        {
            "number": 1,
            "title": "建立社会组织孵化体系。",
            "lead_units": ["县民政局"],
            "co_units": ["各镇(街道)"],
            "due": "2025-06-30",
            "targets": [
                {
                    "name": "试点单位完成方案备案",
                    "comparator": ">=",
                    "value": 100,
                    "unit": "%",
                    "counter": "progress.filings_approved",
                    "coverage": {"of": "各试点单位", "at_least": 1},
                }
            ],
        }
    ],
    "pilots": [
        {
            "community": "某社区",
            "street": "某街道",
            "strand": "特色创建",
            "type": "多元共治型",
            "due": "2025-12-31",
            "items": [
                {
                    "number": 1,
                    "text": "召开4期供需对接会。",
                    "category": "service",
                    "targets": [
                        {
                            "name": "召开供需对接会",
                            "comparator": ">=",
                            "value": 4,
                            "unit": "期",
                            "counter": "activities.count",
                            "args": {"type": "supply_demand"},
                        }
                    ],
                },
                {
                    "number": 2,
                    "text": "改造提升社区服务阵地。",
                    "category": "facility",
                    "due": "@facility",
                    "targets": [],
                },
            ],
        }
    ],
}


def _unit_kinds() -> dict[str, str]:
    """{Chinese label: code} of the unit kinds (the file format is Chinese in any language)."""
    from gongzhi.core.kinds import UnitKind

    with translation.override(None):
        return {str(label): value for value, label in UnitKind.choices}


def split_names(text) -> list[str]:
    """“县民政局、各县(市、区)” → ["县民政局", "各县(市、区)"]: split at 、 ; ； or a line break,
    but not inside brackets. A cell with line breaks is split at the line breaks only."""
    text = str(text or "").strip()
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    names, current, depth = [], "", 0
    for char in text:
        depth += (char in OPENING) - (char in CLOSING)
        if char in SEPARATORS and depth <= 0:
            names.append(current)
            current = ""
        else:
            current += char
    return [name.strip() for name in names + [current] if name.strip()]


def join_names(names) -> str:
    """The inverse of split_names: “、” between names, or one name a line when one holds a “、”."""
    names = [str(name) for name in names]
    if any(split_names(name) != [name] for name in names):
        return "\n".join(names)
    return "、".join(names)


def parse_due(value) -> str:
    """A date cell, an ISO date, “2024年5月31日” or “2024年5月” (→ the last day of May);
    "@key" (a milestone's date) and anything else stay as written."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value if value is not None else "").strip()
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", text)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return text
        day = int(match[3]) if match[3] else calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text


def _text(value) -> str:
    return str(value if value is not None else "").strip()


def _whole(value):
    """A whole number typed as text (“3”) becomes 3; anything else stays for the reader to judge."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        return int(value)
    return value


def _number(value):
    """A number cell or a number typed as text; None when empty; other text stays as it is."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            return value
        value = int(number) if number == number.to_integral_value() else float(number)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# --- writing a document to the sheets -------------------------------------------------------


def _args_text(args: dict) -> str:
    """Counter arguments as “name=value” (several joined by “；”), or JSON when that is unclear."""
    simple = all(
        isinstance(value, bool | int)
        or (isinstance(value, str) and re.fullmatch(r"[^=;；,，\s{]+", value))
        for value in args.values()
    )
    if not simple:
        return json.dumps(args, ensure_ascii=False)
    return "；".join(
        f"{name}={str(value).lower() if isinstance(value, bool) else value}"
        for name, value in args.items()
    )


def _target_row(owner: str, target: dict) -> list:
    per, coverage = target.get("per") or {}, target.get("coverage") or {}
    statistics = {code: label for label, code in STATISTICS.items()}
    return [
        owner,
        target.get("name"),
        COMPARATOR_SIGNS.get(target.get("comparator"), target.get("comparator")),
        target.get("value"),
        target.get("unit", ""),
        target.get("counter", ""),
        _args_text(target["args"]) if target.get("args") else "",
        statistics.get(per.get("statistic"), per.get("statistic", "")) if per else "",
        per.get("per", "") if per else "",
        coverage.get("of", ""),
        coverage.get("at_least", ""),
    ]


def _document_rows(doc: dict) -> dict[str, list[list]]:
    """The rows of each sheet for a program document (`export_program` or EXAMPLE)."""
    group = doc.get("working_group") or {}
    keys = {field: label for label, field in PROGRAM_KEYS.items()}
    values = {
        **{key: doc.get(key) for key in ("code", "name", "year", "region", "office", "basis")},
        "issuers": join_names(doc.get("issuers") or []),
        "issued": doc.get("issued") or "",
        "goals": join_names(doc.get("goals") or []),
        "source": doc.get("source", ""),
        **{field: group.get(key, "") for field, key in GROUP_FIELDS.items()},
    }
    kinds = {code: label for label, code in _unit_kinds().items()}
    pilot_sources = {code: label for label, code in PILOT_SOURCES.items()}
    duties = {code: label for label, code in DUTIES.items()}
    lists = [["", TYPE, name, ""] for name in doc.get("types", [])]
    lists += [["", CATEGORY, c["name"], c["code"]] for c in doc.get("categories", [])]
    for strand in doc.get("strands", []):
        lists += [[strand["name"], TYPE, name, ""] for name in strand.get("types", [])]
        lists += [
            [strand["name"], CATEGORY, c["name"], c["code"]] for c in strand.get("categories", [])
        ]
    rows = {
        "项目": [[keys[field], value] for field, value in values.items()],
        "单位组短语": [
            [
                g["phrase"],
                "、".join(kinds.get(kind, kind) for kind in g.get("kinds", [])),
                g.get("named", ""),
                pilot_sources.get(g.get("pilots", ""), g.get("pilots", "")),
            ]
            for g in doc.get("groups", [])
        ],
        "板块": [[strand["name"]] for strand in doc.get("strands", [])],
        "类型与类别": lists,
        "工作组": [
            [m["name"], m["position"], m["unit"], duties.get(m["duty"], m["duty"])]
            for m in group.get("members", [])
        ],
        "阶段": [
            [p["name"], p.get("start") or "", p.get("end") or ""] for p in doc.get("phases", [])
        ],
        "节点": [
            [p["name"], m["date"], m["text"], m.get("key", "")]
            for p in doc.get("phases", [])
            for m in p.get("milestones", [])
        ],
        "备案": [[join_names(f["units"]), f["text"], f["due"]] for f in doc.get("filings", [])],
        "市级任务": [
            [
                t["number"],
                t["title"],
                join_names(t["lead_units"]),
                join_names(t.get("co_units", [])),
                t["due"],
            ]
            for t in doc.get("tasks", [])
        ],
        "特色社区": [
            [p["community"], p["street"], p.get("strand", ""), p["type"], p["due"]]
            for p in doc.get("pilots", [])
        ],
        "建设任务": [
            [p["community"], i["number"], i["text"], i.get("category", ""), i.get("due", "")]
            for p in doc.get("pilots", [])
            for i in p["items"]
        ],
    }
    rows["指标"] = [
        _target_row(f"任务{t['number']}", target)
        for t in doc.get("tasks", [])
        for target in t.get("targets", [])
    ] + [
        _target_row(f"{p['community']}-{i['number']}", target)
        for p in doc.get("pilots", [])
        for i in p["items"]
        for target in i.get("targets", [])
    ]
    return rows


def _counter_sheet(workbook):
    """The counters a target may name, with what each counts and the arguments it takes."""
    from gongzhi.programs.counters import REGISTRY

    sheet = _sheet(workbook, "计数器说明", ["名称", "标签", "说明", "参数"], [30, 24, 80, 50])
    for counter in sorted(REGISTRY.values(), key=lambda c: c.name):
        args = []
        for arg in counter.args:
            choices = arg.choices() if arg.choices else []
            text = f"{arg.name}（{arg.label}）"
            if arg.required:
                text += _("，必填")
            if choices:
                text += "：" + " / ".join(map(str, choices))
            elif arg.kind is bool:
                text += "：true / false"
            args.append(text)
        append_row(
            sheet, [counter.name, str(counter.label), str(counter.description), "\n".join(args)]
        )
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


NOTES = (
    gettext_noop(
        "每张表第一行为表头，请勿修改；示例行请替换为实际内容，不用的表留空（保留表头）。"
    ),
    gettext_noop(
        "项目：代码只用字母、数字和连字符，重新上传同一代码即更新该项目；印发单位、目标可写多个，"
        "用“、”分隔或每行一个。工作组名称、办公室职责和文件出处也写在这里，成员写在“工作组”表，"
        "职责填组长、副组长或成员。"
    ),
    gettext_noop(
        "单位：写单位名称（在本地区内唯一时）、从本地区开始的路径（如“某街道/某社区”）或统一代码；"
        "多个单位用“、”分隔。也可写单位组短语：各县(市、区)、各镇(街道)、各社区、各村(社区)、"
        "各试点社区、各试点镇(街道)、各试点单位，或在“单位组短语”表中自行增加（单位类型如“部门”，"
        "或取自试点：试点社区、试点镇(街道)、试点镇(街道)和社区）。"
    ),
    gettext_noop(
        "板块与类型、类别：在“板块”表列出工作板块（可不用）；在“类型与类别”表逐行写创建类型和任务类别，"
        "“板块”列留空表示全项目通用，写板块名称表示该板块专用；任务类别的代码（如 service）可留空，"
        "留空即以名称为代码；"
        "建设任务的“类别”列写类别名称或代码。声明了板块时，每个特色社区都要写板块。"
    ),
    gettext_noop(
        "完成时限：日期（2025-06-30）、“2025年6月”（即该月最后一天），或“@引用键”取“节点”表中"
        "该引用键节点的日期（如 @prep）。建设任务不写完成时限时取所在特色社区的完成时限。"
    ),
    gettext_noop(
        "备案：每行一条备案要求，备案单位可写单位或单位组短语，每个单位各得一条备案任务，"
        "任务内容为“单位名称 + 内容”。"
    ),
    gettext_noop(
        "指标的所属任务：市级任务写“任务1”，特色社区建设任务写“社区-序号”，如“某社区-1”。"
        "比较写 ≥、= 或 ≤。"
    ),
    gettext_noop(
        "计数器：填写后实际值由系统记录自动统计（名称和参数见“计数器说明”表），参数写作 "
        "type=supply_demand，多个用“；”分隔，也可写 JSON。比率：比率分母填常住人口、户数或面积，"
        "比率基数如 10000（实际值 = 计数 ÷ 分母 × 基数）。覆盖率：覆盖单位组填单位组短语，"
        "覆盖条件填单位计数至少达到的数（如 1），实际值为达到条件的单位所占百分比。"
        "比率和覆盖率须填计数器，二者不能同时填写。"
    ),
    gettext_noop("任何一行有误，整个文件都不会导入，错误信息会写明工作表和行号。"),
)


def document_workbook(doc: dict, notes: bool = True) -> bytes:
    """A program document in the template's sheets (TemplateReader reads it back)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in _document_rows(doc).items():
        headers = SHEETS[title]
        widths = WIDTHS.get(title, [18] + [24] * (len(headers) - 1))
        sheet = _sheet(workbook, title, headers, widths)
        for row in rows:
            append_row(sheet, row)
    _counter_sheet(workbook)
    if notes:
        sheet = workbook.create_sheet(_("填写说明"))
        for line in NOTES:
            append_row(sheet, [_(line)])
        sheet.column_dimensions["A"].width = 120
        for line in sheet.iter_rows():
            line[0].alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(workbook)


def template_workbook() -> bytes:
    """The blank template: every sheet with the made-up example filled in."""
    return document_workbook(EXAMPLE)


def program_workbook(program) -> bytes:
    """A program as its document, in the template's sheets: edit it and upload it again."""
    from gongzhi.programs.exporter import export_program

    return document_workbook(export_program(program))


# --- reading the sheets back into a document ------------------------------------------------


def _row(sheet: str, number: int) -> str:
    """Where a value came from, e.g. “市级任务 第4行” (the sheet title stays as in the file)."""
    return _("%(sheet)s 第%(row)d行") % {"sheet": sheet, "row": number}


class TemplateReader:
    """Turns a filled template into a program document, naming sheet and row in every error."""

    def __init__(self, data: bytes):
        self.errors: list[str] = []
        self.places: dict[str, str] = {}
        try:
            self.book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not xlsx
            message = _("文件无法读取为 Excel（.xlsx）：%(error)s") % {"error": error}
            raise DocumentError([message]) from error

    def fail(self, sheet, number, message):
        self.errors.append(
            _("%(place)s：%(message)s") % {"place": _row(sheet, number), "message": message}
        )

    def rows(self, title):
        if title not in self.book.sheetnames:
            self.errors.append(_("缺少工作表“%(sheet)s”") % {"sheet": title})
            return []
        sheet = self.book[title]
        header = [_text(c) for c in next(sheet.iter_rows(values_only=True), [])]
        if header[: len(SHEETS[title])] != SHEETS[title]:
            self.errors.append(
                _("工作表“%(sheet)s”的表头应为：%(headers)s")
                % {"sheet": title, "headers": "、".join(SHEETS[title])}
            )
            return []
        return [
            (number, [_strip(cell) for cell in row] + [None] * len(SHEETS[title]))
            for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)
            if any(cell not in (None, "") for cell in row)
        ]

    def program(self):
        values = {}
        for number, (key, value, *_rest) in self.rows("项目"):
            field = PROGRAM_KEYS.get(_text(key))
            if field is None:
                self.fail("项目", number, _("未知的项目“%(key)s”") % {"key": key})
                continue
            values[field] = value
            self.places[field] = self.places[f"document.{field}"] = _row("项目", number)
        doc = {
            "code": values.get("code"),
            "name": values.get("name"),
            "year": _whole(values.get("year")),
            "region": values.get("region"),
            "office": values.get("office"),
        }
        optional = {
            "issuers": split_names(values.get("issuers")),
            "issued": parse_due(values.get("issued")) or None,
            "basis": _text(values.get("basis")),
            "goals": split_names(values.get("goals")),
            "source": _text(values.get("source")),
        }
        doc.update({key: value for key, value in optional.items() if value})  # as exported
        group = {key: _text(values.get(field)) for field, key in GROUP_FIELDS.items()}
        if "group_name" in self.places:
            self.places["working_group"] = self.places["group_name"]
        return doc, group

    def document(self) -> dict:
        doc, group = self.program()
        self._groups(doc)
        self._lists(doc)
        self._working_group(doc, group)
        doc["phases"] = self._phases()
        self._filings(doc)
        doc["tasks"], owners = self._tasks()
        doc["pilots"], items = self._pilots()
        self._targets({**owners, **items})
        if self.errors:
            raise DocumentError(self.errors)
        return doc

    def _groups(self, doc):
        kinds, groups = _unit_kinds(), []
        for number, (phrase, kind_names, named, pilots, *_r) in self.rows("单位组短语"):
            self.places[f"groups[{len(groups)}]"] = _row("单位组短语", number)
            group = {"phrase": _text(phrase)}
            if _text(kind_names):
                group["kinds"] = [kinds.get(k, k) for k in split_names(kind_names)]
            if _text(pilots):
                group["pilots"] = PILOT_SOURCES.get(_text(pilots), _text(pilots))
            if _text(named):
                group["named"] = _text(named)
            groups.append(group)
        if groups:
            doc["groups"] = groups

    def _lists(self, doc):
        """板块 and 类型与类别: the strands, and the types and categories of each (or of all)."""
        strands = {}
        for number, (name, *_r) in self.rows("板块"):
            if _text(name) in strands:
                self.fail("板块", number, _("“%(name)s”重复") % {"name": name})
                continue
            self.places[f"strands[{len(strands)}]"] = _row("板块", number)
            strands[_text(name)] = {"name": _text(name), "types": [], "categories": []}
        common = {"types": [], "categories": []}
        for number, (strand, kind, name, code, *_r) in self.rows("类型与类别"):
            owner = common if not _text(strand) else strands.get(_text(strand))
            if owner is None:
                self.fail("类型与类别", number, _("“%(strand)s”不在板块表中") % {"strand": strand})
                continue
            prefix = (
                "document" if owner is common else f"strands[{list(strands).index(_text(strand))}]"
            )
            if _text(kind) == TYPE:
                self.places[f"{prefix}.types[{len(owner['types'])}]"] = _row("类型与类别", number)
                owner["types"].append(_text(name))
            elif _text(kind) == CATEGORY:
                place = f"{prefix}.categories[{len(owner['categories'])}]"
                self.places[place] = _row("类型与类别", number)
                owner["categories"].append(
                    {"code": _text(code) or _text(name), "name": _text(name)}
                )
            else:
                self.fail("类型与类别", number, _("种类应为“创建类型”或“任务类别”"))
        for key in ("types", "categories"):
            if common[key]:
                doc[key] = common[key]
        if strands:
            doc["strands"] = list(strands.values())

    def _working_group(self, doc, group):
        members = []
        for number, (name, position, unit, duty, *_r) in self.rows("工作组"):
            self.places[f"working_group.members[{len(members)}]"] = _row("工作组", number)
            members.append(
                {
                    "name": _text(name),
                    "position": _text(position),
                    "unit": _text(unit),
                    "duty": DUTIES.get(_text(duty), _text(duty)),
                }
            )
        if "working_group" not in self.places and "working_group.members[0]" in self.places:
            self.places["working_group"] = self.places["working_group.members[0]"]
        if group["name"] or members:
            doc["working_group"] = {**group, "members": members}

    def _phases(self):
        phases = {}
        for number, (name, start, end, *_r) in self.rows("阶段"):
            index = len(phases)
            self.places[f"phases[{index}]"] = _row("阶段", number)
            if _text(name) in phases:
                self.fail("阶段", number, _("阶段名称“%(name)s”重复") % {"name": name})
            phases[_text(name)] = {
                "name": _text(name),
                "start": parse_due(start) or None,
                "end": parse_due(end) or None,
                "milestones": [],
            }
        for number, (name, date, text, key, *_r) in self.rows("节点"):
            phase = phases.get(_text(name))
            if phase is None:
                self.fail("节点", number, _("未知的阶段“%(name)s”") % {"name": name})
                continue
            index = list(phases).index(_text(name))
            place = f"phases[{index}].milestones[{len(phase['milestones'])}]"
            self.places[place] = _row("节点", number)
            milestone = {"date": parse_due(date), "text": _text(text)}
            if _text(key):
                milestone["key"] = _text(key).removeprefix("@")
            phase["milestones"].append(milestone)
        return list(phases.values())

    def _filings(self, doc):
        filings = []
        for number, (units, text, due, *_r) in self.rows("备案"):
            self.places[f"filings[{len(filings)}]"] = _row("备案", number)
            filings.append(
                {"units": split_names(units), "text": _text(text), "due": parse_due(due)}
            )
        if filings:
            doc["filings"] = filings

    def _tasks(self):
        tasks, by_label = [], {}
        for number, (seq, text, lead, co, due, *_r) in self.rows("市级任务"):
            place = f"tasks[{len(tasks)}]"
            task = {
                "number": _whole(seq),
                "title": _text(text),
                "lead_units": split_names(lead),
                "co_units": split_names(co),
                "due": parse_due(due),
                "targets": [],
            }
            self.places[place] = _row("市级任务", number)
            tasks.append(task)
            by_label[f"任务{_text(seq)}"] = (place, task)
        return tasks, by_label

    def _pilots(self):
        pilots, by_label = {}, {}
        for number, (community, street, strand, type_name, due, *_r) in self.rows("特色社区"):
            if _text(community) in pilots:
                self.fail("特色社区", number, _("“%(name)s”重复") % {"name": community})
                continue
            self.places[f"pilots[{len(pilots)}]"] = _row("特色社区", number)
            pilot = {
                "community": _text(community),
                "street": _text(street),
                "type": _text(type_name),
                "due": parse_due(due),
                "items": [],
            }
            if _text(strand):
                pilot["strand"] = _text(strand)
            pilots[_text(community)] = pilot
        for number, (community, seq, text, category, due, *_r) in self.rows("建设任务"):
            pilot = pilots.get(_text(community))
            if pilot is None:
                self.fail(
                    "建设任务",
                    number,
                    _("“%(community)s”不在特色社区表中") % {"community": community},
                )
                continue
            index = list(pilots).index(_text(community))
            place = f"pilots[{index}].items[{len(pilot['items'])}]"
            self.places[place] = _row("建设任务", number)
            item = {
                "number": _whole(seq),
                "text": _text(text),
                "category": _text(category),
                "targets": [],
            }
            if _text(due):
                item["due"] = parse_due(due)
            pilot["items"].append(item)
            by_label[f"{_text(community)}-{_text(seq)}"] = (place, item)
        return list(pilots.values()), by_label

    def _targets(self, owners):
        for number, row in self.rows("指标"):
            owner, name, comparator, value, measure, counter, args, statistic, per, of, at_least = (
                row[:11]
            )
            found = owners.get(_text(owner))
            if found is None:
                self.fail("指标", number, _("找不到所属任务“%(owner)s”") % {"owner": owner})
                continue
            if _text(comparator) not in COMPARATORS:
                self.fail("指标", number, _("比较应为 ≥、= 或 ≤"))
                continue
            place, task = found
            self.places[f"{place}.targets[{len(task['targets'])}]"] = _row("指标", number)
            target = {
                "name": _text(name),
                "comparator": COMPARATORS[_text(comparator)],
                "value": _number(value),
                "unit": _text(measure),
            }
            if _text(counter):
                target["counter"] = _text(counter)
            if _text(args):
                parsed = self._args(_text(counter), _text(args), number)
                if parsed is not None:
                    target["args"] = parsed
            if _text(statistic):
                target["per"] = {"statistic": STATISTICS.get(_text(statistic), _text(statistic))}
                if _number(per) is not None:
                    target["per"]["per"] = _number(per)
            if _text(of):
                target["coverage"] = {"of": _text(of)}
                if _number(at_least) is not None:
                    target["coverage"]["at_least"] = _number(at_least)
            task["targets"].append(target)

    def _args(self, counter_name, text, number):
        """“type=supply_demand；level=town” or a JSON object; values typed as the counter says."""
        if text.startswith("{"):
            try:
                args = json.loads(text)
            except json.JSONDecodeError as error:
                self.fail(
                    "指标", number, _("参数不是有效的 JSON：%(error)s") % {"error": error.msg}
                )
                return None
            if not isinstance(args, dict):
                self.fail("指标", number, _("参数应写作 名称=取值，或 JSON 对象"))
                return None
            return args
        from gongzhi.programs.counters import get

        counter = get(counter_name)
        kinds = {arg.name: arg.kind for arg in counter.args} if counter else {}
        args = {}
        for part in re.split(r"[;；,，\n]", text):
            if not part.strip():
                continue
            name, sep, value = part.replace("＝", "=").partition("=")
            if not sep or not name.strip():
                self.fail("指标", number, _("参数应写作 名称=取值，或 JSON 对象"))
                return None
            args[name.strip()] = _typed(value.strip(), kinds.get(name.strip(), str))
        return args

    def locate(self, errors: list[str]) -> list[str]:
        """Rewrite document places (tasks[2].due) as sheet rows (市级任务 第4行)."""
        located = []
        for error in errors:
            place, _sep, message = error.partition(": ")
            best = max((p for p in self.places if _within(place, p)), key=len, default=None)
            where = self.places.get(best) if best else None
            located.append(
                _("%(where)s：%(place)s %(message)s")
                % {"where": where, "place": place, "message": message}
                if where
                else error
            )
        return located


def _within(place: str, prefix: str) -> bool:
    """Whether `place` is `prefix` or inside it (tasks[1].due is in tasks[1], not in tasks[10])."""
    return place == prefix or place.startswith((f"{prefix}.", f"{prefix}["))


def _strip(cell):
    return cell.strip() if isinstance(cell, str) else cell


def _typed(value: str, kind):
    """A counter argument typed as text, as the counter declares it (number, yes/no or text)."""
    if kind is int and re.fullmatch(r"-?\d+", value):
        return int(value)
    if kind is bool and value.lower() in ("true", "false", "是", "否", "1", "0"):
        return value.lower() in ("true", "是", "1")
    return value
