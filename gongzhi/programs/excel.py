"""Excel in and out: the 台账 as offices keep it, and the template a county fills in to start
a program."""

import calendar
import datetime
import io
import re

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

# Sheet titles, headers, the 项目 keys and the example rows stay in Chinese whatever the language:
# they are the file format TemplateReader reads back, so they are not translated.

SHEETS = {
    "项目": ["项目", "内容"],
    "阶段": ["阶段名称", "开始日期", "结束日期"],
    "节点": ["阶段名称", "日期", "内容"],
    "市级任务": ["序号", "任务内容", "责任单位", "完成时限"],
    "特色社区": ["社区", "责任街道（镇）", "创建类型", "完成时限"],
    "建设任务": ["社区", "序号", "内容", "四有类别"],
    "指标": ["所属任务", "指标", "比较", "目标值", "计量单位"],
}
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
}
COMPARATORS = {"≥": ">=", ">=": ">=", "=": "=", "≤": "<=", "<=": "<="}
EXAMPLE = {
    "项目": [
        ["代码", "example-2025"],
        ["名称", "某县城乡社区治理“创特色”工程"],
        ["年度", 2025],
        ["地区", "某县"],
        ["牵头办公室所在单位", "县民政局"],
        ["印发单位", "县民政局、县委组织部"],
        ["印发日期", "2025-03-01"],
        ["政策依据", ""],
        ["目标", "硬件上有改观、软件上有提升"],
    ],
    "阶段": [["前期准备阶段", "2025-03-01", "2025-03-31"], ["工程实施阶段", "2025-04-01", ""]],
    "节点": [["工程实施阶段", "2025-10-30", "基本完成硬件设施建设"]],
    "市级任务": [[1, "建立社会组织孵化体系。", "县民政局，各镇(街道)", "2025年6月"]],
    "特色社区": [["某社区", "某街道", "多元共治型", "2025-12-31"]],
    "建设任务": [["某社区", 1, "召开4期供需对接会。", "服务"]],
    "指标": [["某社区-1", "召开供需对接会", "≥", 4, "期"]],
}


def template_workbook() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers in SHEETS.items():
        sheet = _sheet(workbook, title, headers, [18] + [30] * (len(headers) - 1))
        for row in EXAMPLE[title]:
            append_row(sheet, row)
    notes = workbook.create_sheet(_("填写说明"))
    for line in (
        _("每张表第一行为表头，请勿修改；示例行请替换为实际内容。"),
        _(
            "责任单位：第一个“，”之前为牵头单位，之后为配合单位，多个单位用“、”分隔；"
            "“各镇(街道)”表示全部镇（街道）。"
        ),
        _("完成时限：日期（2025-06-30）或“2025年6月”（即该月最后一天）。"),
        _("指标的所属任务：市级任务写“任务1”，特色社区建设任务写“社区名-序号”，如“某社区-1”。"),
        _("单位名称须与系统中的组织机构一致；任何一行有误，整个文件都不会导入。"),
    ):
        append_row(notes, [line])
    notes.column_dimensions["A"].width = 110
    return workbook_bytes(workbook)


def split_responsibility(text: str) -> tuple[list[str], list[str]]:
    """“市民政局，市委组织部、各镇(街道)” → (["市民政局"], ["市委组织部", "各镇(街道)"])."""
    lead, _sep, co = text.strip().replace(",", "，").partition("，")
    return _names(lead), _names(co)


def _names(text: str) -> list[str]:
    return [name.strip() for name in re.split(r"[、;；]", text) if name.strip()]


def parse_due(value) -> str:
    """A date cell, an ISO date, “2024年5月31日” or “2024年5月” (→ the last day of May)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?", text)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            return text
        day = int(match[3]) if match[3] else calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{day:02d}"
    return text


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

    def rows(self, title):
        if title not in self.book.sheetnames:
            self.errors.append(_("缺少工作表“%(sheet)s”") % {"sheet": title})
            return []
        sheet = self.book[title]
        header = [str(c or "").strip() for c in next(sheet.iter_rows(values_only=True), [])]
        if header[: len(SHEETS[title])] != SHEETS[title]:
            self.errors.append(
                _("工作表“%(sheet)s”的表头应为：%(headers)s")
                % {"sheet": title, "headers": "、".join(SHEETS[title])}
            )
            return []
        return [
            (number, list(row) + [None] * len(SHEETS[title]))
            for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2)
            if any(cell not in (None, "") for cell in row)
        ]

    def program(self):
        values = {}
        for number, (key, value, *_rest) in self.rows("项目"):
            field = PROGRAM_KEYS.get(str(key or "").strip())
            if field is None:
                self.errors.append(
                    _("%(place)s：未知的项目“%(key)s”")
                    % {"place": _row("项目", number), "key": key}
                )
                continue
            values[field] = value
            self.places[field] = _row("项目", number)
        for field in ("issuers", "goals"):
            values[field] = _names(str(values.get(field) or ""))
        if values.get("issued"):
            values["issued"] = parse_due(values["issued"])
        return values

    def document(self) -> dict:
        doc = self.program()
        phases = {}
        for number, (name, start, end, *_r) in self.rows("阶段"):
            index = len(phases)
            self.places[f"phases[{index}]"] = _row("阶段", number)
            phases[str(name).strip()] = {
                "name": str(name).strip(),
                "start": parse_due(start) or None,
                "end": parse_due(end) or None,
                "milestones": [],
            }
        for number, (name, date, text, *_r) in self.rows("节点"):
            phase = phases.get(str(name or "").strip())
            if phase is None:
                self.errors.append(
                    _("%(place)s：未知的阶段“%(name)s”")
                    % {"place": _row("节点", number), "name": name}
                )
                continue
            phase["milestones"].append({"date": parse_due(date), "text": text})
        doc["phases"] = list(phases.values())
        doc["tasks"], tasks_by_label = self._tasks()
        doc["pilots"], items_by_label = self._pilots()
        self._targets({**tasks_by_label, **items_by_label})
        if self.errors:
            raise DocumentError(self.errors)
        return doc

    def _tasks(self):
        tasks, by_label = [], {}
        for number, (seq, text, units, due, *_r) in self.rows("市级任务"):
            lead, co = split_responsibility(str(units or ""))
            task = {
                "number": seq,
                "title": text,
                "lead_units": lead,
                "co_units": co,
                "due": parse_due(due),
                "targets": [],
            }
            self.places[f"tasks[{len(tasks)}]"] = _row("市级任务", number)
            tasks.append(task)
            by_label[f"任务{seq}"] = task
        return tasks, by_label

    def _pilots(self):
        pilots, by_label = {}, {}
        for number, (community, street, type_name, due, *_r) in self.rows("特色社区"):
            self.places[f"pilots[{len(pilots)}]"] = _row("特色社区", number)
            pilots[str(community).strip()] = {
                "community": community,
                "street": street,
                "type": type_name,
                "due": parse_due(due),
                "items": [],
            }
        for number, (community, seq, text, category, *_r) in self.rows("建设任务"):
            pilot = pilots.get(str(community or "").strip())
            if pilot is None:
                self.errors.append(
                    _("%(place)s：“%(community)s”不在特色社区表中")
                    % {"place": _row("建设任务", number), "community": community}
                )
                continue
            index = list(pilots).index(str(community).strip())
            self.places[f"pilots[{index}].items[{len(pilot['items'])}]"] = _row("建设任务", number)
            item = {
                "number": seq,
                "text": text,
                "category": str(category or "").strip(),
                "targets": [],
            }
            pilot["items"].append(item)
            by_label[f"{str(community).strip()}-{seq}"] = item
        return list(pilots.values()), by_label

    def _targets(self, owners):
        for number, (owner, name, comparator, value, measure, *_r) in self.rows("指标"):
            task = owners.get(str(owner or "").strip())
            if task is None:
                self.errors.append(
                    _("%(place)s：找不到所属任务“%(owner)s”")
                    % {"place": _row("指标", number), "owner": owner}
                )
                continue
            if str(comparator or "").strip() not in COMPARATORS:
                self.errors.append(
                    _("%(place)s：比较应为 ≥、= 或 ≤") % {"place": _row("指标", number)}
                )
                continue
            task["targets"].append(
                {
                    "name": name,
                    "comparator": COMPARATORS[str(comparator).strip()],
                    "value": value,
                    "unit": measure or "",
                }
            )

    def locate(self, errors: list[str]) -> list[str]:
        """Rewrite document places (tasks[2].due) as sheet rows (市级任务 第4行)."""
        located = []
        for error in errors:
            place, _sep, message = error.partition(": ")
            best = max((p for p in self.places if place.startswith(p)), key=len, default=None)
            where = self.places.get(best) or self.places.get(place.split(".")[0], "")
            located.append(
                _("%(where)s：%(place)s %(message)s")
                % {"where": where, "place": place, "message": message}
                if where
                else error
            )
        return located
