"""The map's places in Excel: the import template, and reading a filled sheet into entries that
gongzhi.smart.points checks and writes (messages name the row and the Chinese column)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.excel import TemplateColumn, cell_text, example_row, import_template, is_example
from gongzhi.smart.points import Entry

MAX_ROWS = 5000
SHEET = "地图点位"
# The file format: headers stay in Chinese whatever the page's language.
COLUMNS = {
    "name": "名称",
    "layer": "图层",
    "kind": "类别",
    "unit": "所在单位",
    "latitude": "纬度",
    "longitude": "经度",
}
PLACE_COLUMNS = {**COLUMNS, "point": "纬度/经度"}


def template_columns() -> list[TemplateColumn]:
    return [
        TemplateColumn(COLUMNS["name"], True, _("文字，最多100字"), "示例：金山社区卫生服务站"),
        TemplateColumn(COLUMNS["layer"], True, _("应急资源 或 生活配套"), "生活配套"),
        TemplateColumn(
            COLUMNS["kind"], True, _("文字，最多50字，如 AED、避难场所、菜场、药店"), "医疗点"
        ),
        TemplateColumn(
            COLUMNS["unit"], True, _("单位名称或编码，须是您可以维护的单位"), "金山社区"
        ),
        TemplateColumn(COLUMNS["latitude"], True, _("小数，-90 到 90"), 30.9762),
        TemplateColumn(COLUMNS["longitude"], True, _("小数，-180 到 180"), 104.2711),
    ]


def template() -> bytes:
    notes = [
        _("坐标系在上传页选择：WGS-84（GPS）或 GCJ-02（国内网络地图，导入时转换为 WGS-84）。"),
        _("整个文件没有错误时才会导入；有错误时列出出错的行和列，不导入任何一行。"),
    ]
    return import_template(SHEET, template_columns(), notes)


def _place(row: int):
    def place(field: str) -> str:
        return _("第%(row)d行“%(column)s”") % {"row": row, "column": PLACE_COLUMNS[field]}

    return place


def sheet_entries(rows) -> list[Entry]:
    """The sheet's places (the example row and empty rows skipped), or ValidationError for a
    missing column or too many rows."""
    rows = iter(rows)
    header = [cell_text(cell) for cell in next(rows, ())]
    position = {title: index for index, title in enumerate(header) if title}
    missing = [title for title in COLUMNS.values() if title not in position]
    if missing:
        raise ValidationError(_("缺少列：%(columns)s") % {"columns": "、".join(missing)})
    example, entries = example_row(template_columns()), []
    for number, row in enumerate(rows, start=2):
        if not any(cell_text(cell) for cell in row) or is_example(row, example):
            continue
        if len(entries) == MAX_ROWS:
            raise ValidationError(_("一次最多导入 %(n)d 行，请拆分文件。") % {"n": MAX_ROWS})
        cells = {
            field: row[position[title]] if position[title] < len(row) else ""
            for field, title in COLUMNS.items()
        }
        texts = {field: cell_text(cells[field]) for field in ("name", "layer", "kind", "unit")}
        entries.append(
            Entry(
                place=_place(number),
                latitude=cells["latitude"] if cell_text(cells["latitude"]) else None,
                longitude=cells["longitude"] if cell_text(cells["longitude"]) else None,
                **texts,
            )
        )
    return entries
