"""Reading and writing 好德行 exchange files: JSON (one object holding the schema, its version and
the records of each kind) and Excel (one sheet per kind, headed by the fields' Chinese labels,
and a 说明 sheet). Both read into {kind: [(record number, raw record)]}."""

import io
import json

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.excel import NOTES_SHEET, append_row, read_rows, sheet_names, workbook_bytes
from gongzhi.exchange.schema import KINDS, SCHEMA, VERSION


def to_json(records: dict[str, list[dict]]) -> bytes:
    document = {
        "schema": SCHEMA,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "records": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def from_json(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(_("文件无法读取为 JSON。")) from error
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ValidationError(_("不是好德行交换文件（schema 应为 haodexing）。"))
    if document.get("version") != VERSION:
        raise ValidationError(
            _("不支持的格式版本 %(found)s，应为 %(version)d。")
            % {"found": document.get("version"), "version": VERSION}
        )
    records = document.get("records")
    if not isinstance(records, dict) or set(records) - set(KINDS):
        raise ValidationError(_("records 应为对象，键为 %(kinds)s。") % {"kinds": ", ".join(KINDS)})
    parsed = {}
    for kind, rows in records.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ValidationError(_("%(kind)s 应为记录列表。") % {"kind": kind})
        parsed[kind] = list(enumerate(rows, start=1))
    return parsed


def _notes(workbook) -> None:
    sheet = workbook.create_sheet(NOTES_SHEET)
    append_row(sheet, [_("好德行数据交换文件"), SCHEMA, _("格式版本"), VERSION])
    append_row(sheet, [_("工作表"), _("列"), _("字段"), _("类型"), _("必填"), _("代码")])
    for kind in KINDS.values():
        for spec in kind.fields:
            required = _("是") if spec.required else _("否")
            append_row(
                sheet,
                [str(kind.label), str(spec.label), spec.key, spec.type, required, spec.codes_text],
            )


def to_xlsx(records: dict[str, list[dict]]) -> bytes:
    workbook = Workbook(write_only=True)
    for key, rows in records.items():
        kind = KINDS[key]
        sheet = workbook.create_sheet(str(kind.label))
        append_row(sheet, [str(spec.label) for spec in kind.fields])
        for row in rows:
            append_row(sheet, [row.get(spec.key, "") for spec in kind.fields])
    _notes(workbook)
    return workbook_bytes(workbook)


def from_xlsx(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    """Each kind's sheet, rows numbered as Excel numbers them (the header is row 1)."""
    file = io.BytesIO(content)
    names = sheet_names(file)
    parsed = {}
    for key, kind in KINDS.items():
        if str(kind.label) not in names:
            continue
        rows = read_rows(io.BytesIO(content), str(kind.label))
        header = [str(cell).strip() for cell in next(rows, ())]
        keys = {str(spec.label): spec.key for spec in kind.fields}
        missing = [label for label in keys if label not in header]
        if missing:
            raise ValidationError(
                _("工作表“%(sheet)s”缺少列：%(columns)s")
                % {"sheet": kind.label, "columns": "、".join(missing)}
            )
        columns = [keys.get(label) for label in header]
        parsed[key] = [
            (number, {col: value for col, value in zip(columns, row, strict=False) if col})
            for number, row in enumerate(rows, start=2)
            if any(str(value).strip() for value in row)
        ]
    if not parsed:
        raise ValidationError(_("文件中没有好德行数据工作表（服务事项、办理事项、志愿积分）。"))
    return parsed


def read_file(name: str, content: bytes) -> dict[str, list[tuple[int, dict]]]:
    if name.lower().endswith(".json"):
        return from_json(content)
    if name.lower().endswith(".xlsx"):
        return from_xlsx(content)
    raise ValidationError(_("请上传 .json 或 .xlsx 文件。"))
