"""The official table imported from the command line, refused with the problems named."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from gongzhi.core.excel import workbook_bytes
from gongzhi.evaluation.document import document_of
from gongzhi.evaluation.models import ScoringTable
from gongzhi.evaluation.workbook import export_table


def test_the_command_replaces_the_table_and_names_the_problems(table, program, tmp_path):
    document = {**document_of(table), "name": "正式评分表", "is_default": False}
    path = tmp_path / "official.xlsx"
    path.write_bytes(export_table(document))
    call_command("import_scoring_table", program.code, str(path))
    assert ScoringTable.objects.get().name == "正式评分表"
    workbook = load_workbook(path)
    workbook["评分表"]["B2"] = None  # the first item's code
    path.write_bytes(workbook_bytes(workbook))
    with pytest.raises(CommandError, match="第2行"):
        call_command("import_scoring_table", program.code, str(path))
    assert ScoringTable.objects.get().name == "正式评分表"
