"""A scoring table in Excel: 评分表 (one row per item), 设置 (name, bonus cap, weights, the
grade a veto caps at), 等级 (grade bands) and 说明 (the table's reasoning). Exported tables
import back unchanged; an upload is read and checked whole, problems named by sheet and row."""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.excel import (
    append_row,
    cell_text,
    check_xlsx,
    read_rows,
    sheet_names,
    workbook_bytes,
)
from gongzhi.evaluation.document import clean_item, clean_settings
from gongzhi.evaluation.models import Item

ITEMS, SETTINGS, BANDS, NOTES = "评分表", "设置", "等级", "说明"
COLUMNS = [
    ("category", "类别"),
    ("code", "编号"),
    ("name", "评分内容"),
    ("points", "分值"),
    ("criteria", "评分标准"),
    ("kind", "类型"),
    ("method", "核查方式"),
    ("rule", "扣分规则"),
    ("target_value", "目标值"),
    ("per_unit", "每差一个单位扣分"),
    ("counter", "计数器"),
    ("counter_args", "计数器参数"),
    ("target_name", "关联指标"),
]
SETTING_ROWS = [
    ("name", "名称"),
    ("is_default", "默认评分表"),
    ("bonus_cap", "加分上限"),
    ("self", "自评权重"),
    ("street", "街道审核权重"),
    ("third", "第三方评分权重"),
    ("veto_grade", "否决后最高等级"),
]
YES, NO = "是", "否"
LABELS = {
    "kind": dict(Item.Kind.choices),
    "method": dict(Item.Method.choices),
    "rule": dict(Item.Rule.choices),
}


def _number(value):
    return "" if value is None else float(value) if value != int(value) else int(value)


def _cell(key, item):
    value = item[key]
    if key in LABELS:
        return str(LABELS[key][value])
    if key == "counter_args":
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    if key in ("points", "target_value", "per_unit"):
        return _number(value)
    return value


def export_table(document: dict) -> bytes:
    workbook = Workbook()
    items = workbook.active
    items.title = ITEMS
    append_row(items, [header for _key, header in COLUMNS])
    for category in document["categories"]:
        for item in category["items"]:
            row = {**item, "category": category["name"]}
            append_row(items, [_cell(key, row) for key, _header in COLUMNS])
    settings = workbook.create_sheet(SETTINGS)
    values = {
        **document,
        **document["weights"],
        "is_default": YES if document["is_default"] else NO,
    }
    append_row(settings, ["项目", "值"])
    for key, label in SETTING_ROWS:
        value = values[key]
        append_row(settings, [label, value if isinstance(value, str) else _number(value)])
    bands = workbook.create_sheet(BANDS)
    append_row(bands, ["等级", "最低分"])
    for name, lowest in document["bands"]:
        append_row(bands, [name, _number(lowest)])
    notes = workbook.create_sheet(NOTES)
    append_row(notes, ["说明"])
    for note in document["notes"]:
        append_row(notes, [note])
    for sheet, widths in ((items, "ABCE"), (notes, "A")):
        for letter in widths:
            sheet.column_dimensions[letter].width = 100 if sheet is notes else 24
    return workbook_bytes(workbook)


def _where(sheet: str, row: int) -> str:
    return _("工作表“%(sheet)s”第%(row)d行：") % {"sheet": sheet, "row": row}


def _rows(file, sheet, problems) -> list[tuple[int, list[str]]]:
    rows = list(read_rows(file, sheet))
    file.seek(0)
    return [
        (number, [cell_text(cell) for cell in row])
        for number, row in enumerate(rows[1:], start=2)
        if any(cell_text(cell) for cell in row)
    ]


def _read_items(file, problems) -> list[dict]:
    categories: dict[str, list] = {}
    for number, cells in _rows(file, ITEMS, problems):
        raw = dict(
            zip([key for key, _header in COLUMNS], cells + [""] * len(COLUMNS), strict=False)
        )
        where = _where(ITEMS, number)
        try:
            raw["counter_args"] = json.loads(raw["counter_args"]) if raw["counter_args"] else {}
        except json.JSONDecodeError:
            problems.append(_("%(where)s计数器参数须为 JSON 对象") % {"where": where})
            raw["counter_args"] = {}
        if not raw["category"]:
            problems.append(_("%(where)s类别：必须填写") % {"where": where})
        categories.setdefault(raw["category"], []).append(clean_item(raw, where, problems))
    if not categories:
        problems.append(_("工作表“%(sheet)s”没有评分项") % {"sheet": ITEMS})
    return [{"name": name, "items": items} for name, items in categories.items()]


def _read_settings(file, problems) -> dict:
    by_label = {label: key for key, label in SETTING_ROWS}
    values = {}
    for number, cells in _rows(file, SETTINGS, problems):
        key = by_label.get(cells[0])
        if key is None:
            problems.append(
                _("%(where)s未知的项目“%(name)s”")
                % {"where": _where(SETTINGS, number), "name": cells[0]}
            )
            continue
        values[key] = cells[1] if len(cells) > 1 else ""
    bands = [
        [cells[0], cells[1] if len(cells) > 1 else ""]
        for _number, cells in _rows(file, BANDS, problems)
    ]
    notes = []
    if NOTES in sheet_names(file):
        notes = [cells[0] for _number, cells in _rows(file, NOTES, problems) if cells[0]]
    raw = {
        "name": values.get("name", ""),
        "is_default": values.get("is_default") == YES,
        "bonus_cap": values.get("bonus_cap", ""),
        "weights": {stage: values.get(stage, "") for stage in ("self", "street", "third")},
        "veto_grade": values.get("veto_grade", ""),
        "bands": bands,
        "notes": notes,
    }
    return clean_settings(raw, problems, _("工作表“%(sheet)s”：") % {"sheet": SETTINGS})


def read_table(file) -> dict:
    """The document an uploaded workbook holds, or a ValidationError listing every problem."""
    check_xlsx(file)
    missing = [name for name in (ITEMS, SETTINGS, BANDS) if name not in sheet_names(file)]
    if missing:
        raise ValidationError(
            _("缺少工作表：%(sheets)s（可先导出评分表作为模板）") % {"sheets": "、".join(missing)}
        )
    problems: list[str] = []
    document = _read_settings(file, problems)
    document["categories"] = _read_items(file, problems)
    if problems:
        raise ValidationError(problems)
    return document
