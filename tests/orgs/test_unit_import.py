"""Importing a unit tree with codes and statistics from YAML and Excel: plan, apply, re-import."""

import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit, UnitStatistics
from gongzhi.orgs.unit_import import (
    apply_units,
    plan_units,
    read_excel_units,
    read_yaml_units,
    template_workbook,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

CIVIL_AFFAIRS_CODE = "11510682008301234X"
TREE = """
region: {name: 德阳市, kind: prefecture, code: 510600000000}
units:
  - name: 什邡市
    kind: county
    code: "510682000000"
    children:
      - {name: 市民政局, kind: department, code: 11510682008301234X}
      - name: 方亭街道
        kind: street
        code: "510682001000"
        children:
          - name: 东街社区
            kind: community
            code: "510682001001"
            stats: {2024: {residents: 8200, households: 3100, area_km2: 1.25}}
          - name: 西街社区
            kind: community
            code: "510682001002"
            stats: {2023: {residents: 6100, households: 2300}}
"""


def _yaml(text=TREE):
    return read_yaml_units(yaml.safe_load(text))


def _import(source, actor=None):
    plan = plan_units(actor=actor, source=source)
    assert plan.errors == []
    return plan, apply_units(actor=actor, plan=plan, source_name="test")


def _workbook(units, stats=None) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "单位"
    sheet.append(["上级单位", "名称", "类型", "区划代码", "备注"])
    for row in units:
        sheet.append(row)
    if stats is not None:
        stats_sheet = workbook.create_sheet("统计")
        stats_sheet.append(["单位", "年度", "常住人口", "户数", "面积（平方公里）"])
        for row in stats:
            stats_sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


EXCEL_UNITS = [
    ["", "德阳市", "市（州）", "510600000000", ""],
    ["德阳市", "什邡市", "县（市、区）", "510682000000", ""],
    ["德阳市/什邡市", "市民政局", "department", CIVIL_AFFAIRS_CODE, "民政"],
    ["510682000000", "方亭街道", "街道", "510682001000", ""],  # the parent by its code
    ["德阳市/什邡市/方亭街道", "东街社区", "社区", 510682001001, ""],  # a code typed as a number
    ["510682001000", "西街社区", "社区", "510682001002", ""],
]
EXCEL_STATS = [
    ["510682001001", 2024, 8200, 3100, 1.25],
    ["德阳市/什邡市/方亭街道/西街社区", 2023, 6100, 2300, None],
]


def _tree():
    by_path = {unit.path: unit for unit in Unit.objects.all()}
    return {
        (unit.name, unit.kind, unit.code, by_path[unit.path[:-4]].name if unit.depth > 1 else None)
        for unit in by_path.values()
    }


EXPECTED = {
    ("德阳市", "prefecture", "510600000000", None),
    ("什邡市", "county", "510682000000", "德阳市"),
    ("市民政局", "department", CIVIL_AFFAIRS_CODE, "什邡市"),
    ("方亭街道", "street", "510682001000", "什邡市"),
    ("东街社区", "community", "510682001001", "方亭街道"),
    ("西街社区", "community", "510682001002", "方亭街道"),
}


def _statistics():
    return set(
        UnitStatistics.objects.values_list("unit__name", "year", "residents", "households")
    ) | {("area", s.unit.name, s.area_km2) for s in UnitStatistics.objects.select_related("unit")}


EXPECTED_STATISTICS = {
    ("东街社区", 2024, 8200, 3100),
    ("西街社区", 2023, 6100, 2300),
    ("area", "东街社区", Decimal("1.2500")),
    ("area", "西街社区", None),
}


def test_yaml_import_builds_the_tree_with_codes_statistics_and_audit():
    plan, counts = _import(_yaml())
    assert counts == {
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "statistics_created": 2,
        "statistics_updated": 0,
        "statistics_unchanged": 0,
    }
    assert _tree() == EXPECTED
    assert _statistics() == EXPECTED_STATISTICS
    created = AuditEntry.objects.filter(action="create")
    assert created.filter(object_type="orgs.unit").count() == 6
    assert created.filter(object_type="orgs.unitstatistics").count() == 2
    assert AuditEntry.objects.count() == 8
    street = Unit.objects.get(name="方亭街道")
    assert AuditEntry.objects.get(object_type="orgs.unit", object_id=str(street.pk)).unit == street


def test_excel_import_builds_the_same_tree():
    plan, counts = _import(read_excel_units(_workbook(EXCEL_UNITS, EXCEL_STATS)))
    assert (counts["created"], counts["statistics_created"]) == (6, 2)
    assert _tree() == EXPECTED
    assert _statistics() == EXPECTED_STATISTICS
    assert Unit.objects.get(name="市民政局").note == "民政"


def test_a_second_import_changes_nothing_and_writes_no_audit_entry():
    _import(_yaml())
    paths = list(Unit.objects.values_list("path", "name", "code"))
    audited = AuditEntry.objects.count()
    for source in (_yaml(), read_excel_units(_workbook(EXCEL_UNITS[:2] + EXCEL_UNITS[3:]))):
        plan, counts = _import(source)
        assert plan.changes == 0
        assert counts["created"] == counts["updated"] == counts["statistics_created"] == 0
    assert counts["unchanged"] == 5
    assert list(Unit.objects.values_list("path", "name", "code")) == paths
    assert AuditEntry.objects.count() == audited


def test_a_renamed_unit_with_the_same_code_is_updated_not_duplicated():
    _import(_yaml())
    community = Unit.objects.get(code="510682001001")
    renamed = TREE.replace("东街社区", "东街新村社区").replace("residents: 8200", "residents: 8300")
    plan = plan_units(actor=None, source=_yaml(renamed))
    assert plan.errors == []
    summary = plan.summary()
    assert summary["creates"] == []
    assert summary["updates"] == [
        {
            "path": "德阳市/什邡市/方亭街道/东街新村社区",
            "changes": [{"field": "名称", "before": "东街社区", "after": "东街新村社区"}],
        }
    ]
    assert summary["statistics"][0]["changes"] == [
        {"field": "常住人口", "before": "8200", "after": "8300"}
    ]
    apply_units(actor=None, plan=plan)
    assert Unit.objects.count() == 6
    community.refresh_from_db()
    assert community.name == "东街新村社区"
    assert community.statistics.get(year=2024).residents == 8300
    entry = AuditEntry.objects.filter(object_type="orgs.unit", action="update").get()
    assert (entry.before["name"], entry.after["name"]) == ("东街社区", "东街新村社区")


def test_a_unit_given_under_another_parent_is_moved_with_its_subtree():
    _import(_yaml())
    grid = Unit.objects.add_unit(Unit.objects.get(name="东街社区"), name="一网格", kind="grid")
    rows = [
        ["德阳市", "什邡市", "县（市、区）", "510682000000", ""],
        ["德阳市/什邡市", "洛水镇", "镇", "510682101000", ""],
        ["德阳市/什邡市/洛水镇", "东街社区", "社区", "510682001001", ""],
    ]
    plan = plan_units(actor=None, source=read_excel_units(_workbook(rows)))
    assert plan.errors == []
    (update,) = plan.summary()["updates"]
    assert update["changes"] == [
        {"field": "上级单位", "before": "德阳市/什邡市/方亭街道", "after": "德阳市/什邡市/洛水镇"}
    ]
    apply_units(actor=None, plan=plan)
    town = Unit.objects.get(name="洛水镇")
    community = Unit.objects.get(code="510682001001")
    grid.refresh_from_db()
    assert Unit.objects.parent_of(community) == town
    assert Unit.objects.parent_of(grid) == community
    assert Unit.objects.get(name="方亭街道").numchild == 1
    assert Unit.objects.count() == 8


def test_an_existing_unit_without_a_code_is_matched_by_name_and_gets_the_code():
    region = Unit.objects.add_unit(None, name="德阳市", kind="prefecture")
    plan, counts = _import(_yaml())
    assert (counts["created"], counts["updated"]) == (5, 1)
    region.refresh_from_db()
    assert region.code == "510600000000"
    assert Unit.objects.filter(name="德阳市").count() == 1


def _refused(source, actor=None) -> list[str]:
    plan = plan_units(actor=actor, source=source)
    assert Unit.objects.count() == 0 or actor is not None
    return plan.errors


@pytest.mark.parametrize(
    ("rows", "stats", "message"),
    [
        (
            [EXCEL_UNITS[0], ["德阳市", "什邡市", "星球", "510682000000", ""]],
            None,
            "单位 第3行：类型“星球”不是可用的单位类型",
        ),
        (
            [EXCEL_UNITS[0], ["德阳市/不存在", "什邡市", "county", "510682000000", ""]],
            None,
            "单位 第3行：上级单位“德阳市/不存在”不存在",
        ),
        (
            [EXCEL_UNITS[0], EXCEL_UNITS[1], ["德阳市", "绵竹市", "county", "510682000000", ""]],
            None,
            "单位 第4行：代码“510682000000”与单位 第3行重复",
        ),
        (
            [["", "德阳市", "prefecture", "5106", ""]],
            None,
            "单位 第2行：代码“5106”有误：区划代码应为12位数字",
        ),
        (
            [EXCEL_UNITS[0], ["德阳市", "什邡市", "社区", "", ""]],
            None,
            "单位 第3行：“德阳市”下不能设立“社区”类单位。",
        ),
        (
            [EXCEL_UNITS[0]],
            [["德阳市", 1999, 10, 5, 1]],
            "统计 第2行：年度应在 2000 至 2100 之间。",
        ),
        (
            [EXCEL_UNITS[0]],
            [["德阳市", "明年", 10, 5, 1]],
            "统计 第2行：年度“明年”不是有效的年份",
        ),
        (
            [EXCEL_UNITS[0]],
            [["德阳市", 2024, -3, 5, 1]],
            "统计 第2行：“常住人口”应为不小于0的整数（-3）",
        ),
    ],
)
def test_a_wrong_row_is_named_and_nothing_is_written(rows, stats, message):
    source = read_excel_units(_workbook(rows, stats))
    plan = plan_units(actor=None, source=source)
    assert message in plan.errors
    with pytest.raises(ValueError):
        apply_units(actor=None, plan=plan)
    assert Unit.objects.count() == 0
    assert UnitStatistics.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_every_error_is_collected_and_yaml_errors_name_their_place():
    text = TREE.replace('code: "510682001002"', "code: 5106820").replace("kind: street", "kind: x")
    errors = plan_units(actor=None, source=_yaml(text)).errors
    assert errors == [
        "units[0].children[1].kind：类型“x”不是可用的单位类型",
        "units[0].children[1].children[1].code：代码“5106820”有误：区划代码应为12位数字",
    ]
    text = TREE.replace('code: "510682001002"', "code: 5106820").replace("{2024:", "{1900:")
    errors = plan_units(actor=None, source=_yaml(text)).errors
    assert errors == [
        "units[0].children[1].children[1].code：代码“5106820”有误：区划代码应为12位数字",
        "units[0].children[1].children[0].stats.1900：年度应在 2000 至 2100 之间。",
    ]


def test_missing_columns_and_sheet_are_named():
    workbook = Workbook()
    workbook.active.title = "Sheet"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert read_excel_units(buffer).errors == ["文件中没有名为“单位”的工作表。"]
    workbook.active.title = "单位"
    workbook.active.append(["名称", "类型"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert read_excel_units(buffer).errors == ["单位：缺少列：上级单位"]


def test_the_same_unit_twice_in_a_file_is_refused():
    rows = [EXCEL_UNITS[0], EXCEL_UNITS[1], ["德阳市", "什邡市", "county", "", ""]]
    errors = plan_units(actor=None, source=read_excel_units(_workbook(rows))).errors
    assert errors == ["单位 第4行：与单位 第3行是同一单位，重复"]


def test_the_office_may_import_only_inside_its_region(tree, office):
    rows = [
        ["测试市", "丙街道", "街道", "", ""],
        ["测试市/丙街道", "丙一社区", "社区", "", ""],
    ]
    plan = plan_units(actor=office, source=read_excel_units(_workbook(rows)))
    assert plan.errors == [] and len(plan.creates) == 2
    outside = [["", "别的市", "县（市、区）", "", ""]]
    errors = plan_units(actor=office, source=read_excel_units(_workbook(outside))).errors
    assert errors == ["单位 第2行：只有系统管理员可以新建顶层地区。"]


def test_a_street_user_may_not_change_units(tree, street_user):
    rows = [["测试市/甲街道", "甲三社区", "社区", "", ""]]
    errors = plan_units(actor=street_user, source=read_excel_units(_workbook(rows))).errors
    assert errors == ["单位 第2行：您的角色无权执行此操作。"]


def test_planning_reads_the_stored_tree_with_a_fixed_number_of_queries():
    _import(_yaml())

    def queries(communities: int) -> int:
        rows = EXCEL_UNITS + [
            ["德阳市/什邡市/方亭街道", f"新社区{i}", "社区", f"5106820019{i:02d}", ""]
            for i in range(communities)
        ]
        stats = [[f"5106820019{i:02d}", 2024, 100, 40, 0.5] for i in range(communities)]
        source = read_excel_units(_workbook(rows, stats))
        with CaptureQueriesContext(connection) as captured:
            plan = plan_units(actor=None, source=source)
        assert plan.errors == [] and len(plan.creates) == communities
        return len(captured)

    assert queries(2) == queries(40) <= 4


def test_the_command_shows_the_plan_and_writes_only_without_dry_run(tmp_path):
    path = tmp_path / "units.yaml"
    path.write_text(TREE, encoding="utf-8")
    out = io.StringIO()
    call_command("import_units", str(path), "--dry-run", stdout=out)
    assert "6 to create" in out.getvalue()
    assert "+ 德阳市/什邡市/方亭街道/东街社区 (社区) 510682001001" in out.getvalue()
    assert Unit.objects.count() == 0 and AuditEntry.objects.count() == 0
    call_command("import_units", str(path), stdout=io.StringIO())
    assert _tree() == EXPECTED
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(TREE.replace("西街社区", "西街新社区"), encoding="utf-8")
    out = io.StringIO()
    call_command("import_units", str(renamed), stdout=out)
    assert "~ 德阳市/什邡市/方亭街道/西街新社区: 名称: 西街社区 → 西街新社区" in out.getvalue()
    assert Unit.objects.count() == 6


def test_the_command_exits_with_the_row_errors(tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(_workbook([["", "德阳市", "planet", "", ""]]).getvalue())
    with pytest.raises(CommandError, match="单位 第2行：类型“planet”不是可用的单位类型"):
        call_command("import_units", str(path), stdout=io.StringIO())
    assert Unit.objects.count() == 0


def test_the_templates_untouched_examples_are_skipped_and_edited_ones_import():
    """The examples are marked (grey, in italics) and skipped while left as they are, so a
    template filled below them never writes the example figures onto a real unit."""
    source = read_excel_units(io.BytesIO(template_workbook()))
    assert (source.entries, source.stats, source.errors) == ([], [], [])
    book = load_workbook(io.BytesIO(template_workbook()))
    assert book["单位"]["B2"].font.italic and book["统计"]["A2"].font.italic
    assert "示例" in " ".join(str(cell.value) for cell in book["说明"]["A"])
    book["统计"]["C3"] = 400000  # an edited example is data
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    source = read_excel_units(buffer)
    assert [stat.year for stat in source.stats] == [2023] and source.entries == []


def test_units_above_the_office_may_be_named_but_not_changed():
    prefecture = Unit.objects.add_unit(None, name="德阳市", kind="prefecture")
    county = Unit.objects.add_unit(prefecture, name="什邡市", kind="county")
    office = make_user("shifang", Role.PROGRAM_OFFICE, county)
    rows = [
        ["", "德阳市", "市（州）", "", ""],
        ["德阳市", "什邡市", "县（市、区）", "510682000000", ""],
        ["德阳市/什邡市", "方亭街道", "街道", "", ""],
    ]
    plan = plan_units(actor=office, source=read_excel_units(_workbook(rows)))
    assert plan.errors == []
    assert (len(plan.creates), len(plan.updates), plan.unchanged) == (1, 1, 1)
    rows[0][3] = "510600000000"
    stats = [["德阳市", 2024, 1, 1, 1], ["德阳市/什邡市", 2024, 1, 1, 1]]
    errors = plan_units(actor=office, source=read_excel_units(_workbook(rows, stats))).errors
    refused = "您的角色无权执行此操作。"
    assert errors == [f"单位 第2行：{refused}", f"统计 第2行：{refused}"]
