"""The scoring table as data: the default, the Excel round trip, errors by sheet and row, and
replacing a table that rounds already use."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from gongzhi.core.excel import workbook_bytes
from gongzhi.evaluation.defaults import DEFAULT_DOCUMENT, DEFAULT_NAME
from gongzhi.evaluation.document import clean_document, document_of
from gongzhi.evaluation.models import Item, ScoringTable
from gongzhi.evaluation.services import round_create, table_save
from gongzhi.evaluation.workbook import export_table, read_table


def test_the_default_has_100_points_over_six_categories_and_is_labelled(table):
    basic = Item.objects.filter(category__table=table, kind="basic")
    assert sum(item.points for item in basic) == 100
    names = [c.name for c in table.categories.all()]
    assert names[:6] == [
        "组织领导与党建引领",
        "阵地与场景建设",
        "特色类型服务",
        "资金与项目管理",
        "成效与群众满意度",
        "品牌与宣传",
    ]
    assert table.is_default and table.name == DEFAULT_NAME and table.notes
    assert Item.objects.filter(category__table=table, kind="veto").count() == 3
    assert table.bonus_cap == 5


def test_export_then_import_gives_the_same_table(table):
    content = export_table(document_of(table))
    document = read_table(io.BytesIO(content))
    assert document == document_of(table)
    again = export_table(document)
    assert read_table(io.BytesIO(again)) == document


def test_the_workbook_has_the_notes_sheet(table):
    workbook = load_workbook(io.BytesIO(export_table(document_of(table))))
    assert workbook.sheetnames == ["评分表", "设置", "等级", "说明"]
    assert "待正式评分表替换" in workbook["说明"]["A2"].value


def _broken_workbook(table):
    workbook = load_workbook(io.BytesIO(export_table(document_of(table))))
    items = workbook["评分表"]
    items["D3"] = "五分"  # points of the second item
    items["H4"] = "随便"  # rule of the third item
    workbook["设置"]["B5"] = 0.9  # the street's weight: the weights no longer add up to 1
    return io.BytesIO(workbook_bytes(workbook))


def test_errors_name_the_sheet_and_row_in_chinese_and_nothing_is_written(table):
    with pytest.raises(ValidationError) as raised:
        read_table(_broken_workbook(table))
    messages = raised.value.messages
    assert any("工作表“评分表”第3行" in m and "分值" in m for m in messages)
    assert any("工作表“评分表”第4行" in m and "随便" in m for m in messages)
    assert any("权重之和须为 1" in m for m in messages)
    assert ScoringTable.objects.count() == 1


def test_a_table_no_round_uses_is_replaced_in_place(table, program):
    document = {**DEFAULT_DOCUMENT, "name": "正式评分表", "is_default": False}
    replaced = table_save(actor=None, program=program, document=document)
    assert replaced.pk == table.pk and replaced.version == 1 and not replaced.is_default
    assert ScoringTable.objects.count() == 1


def test_a_table_rounds_use_is_kept_and_the_import_becomes_a_new_version(
    table, program, tree, office
):
    round = round_create(actor=office, program=program, unit=tree.community_a1)
    document = {**DEFAULT_DOCUMENT, "name": "正式评分表", "is_default": False}
    new = table_save(actor=office, program=program, document=document)
    assert new.pk != table.pk and new.version == 2
    round.refresh_from_db()
    assert round.table_id == table.pk  # the running round keeps its table
    other = round_create(actor=office, program=program, unit=tree.community_a2)
    assert other.table_id == new.pk


def test_the_default_is_checked_like_an_upload(db):
    document, problems = clean_document(DEFAULT_DOCUMENT)
    assert problems == []
    assert document["weights"]["third"] == Decimal("0.50")
