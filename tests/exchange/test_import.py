"""Validation, dry run, all-or-nothing writes and re-imports of 好德行 files."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.exchange.exports import exported
from gongzhi.exchange.files import from_json, from_xlsx, to_xlsx
from gongzhi.exchange.models import HandledMatter, ServiceItem, VolunteerPoint
from gongzhi.exchange.services import CREATED, UNCHANGED, UPDATED, apply_plan, plan_import
from tests.exchange.conftest import imported, item, parsed


def test_errors_name_the_record_and_the_field_in_chinese(users):
    bad = item("HDX-2", name="", category="spa", contact="12345")
    plan = plan_import(actor=users[Role.COMMUNITY], parsed=parsed(service_items=[item(), bad]))
    assert "服务事项第 2 条：事项名称：必填项" in plan.errors
    assert any(e.startswith("服务事项第 2 条：类别：代码无效") for e in plan.errors)
    assert "服务事项第 2 条：联系电话：应为手机号或固定电话" in plan.errors
    assert not any("第 1 条" in error for error in plan.errors)


def test_dates_integers_and_duplicate_ids_are_checked(users):
    point = {"hdx_id": "P1", "community": "甲一社区", "volunteer_ref": "x", "points": "ten",
             "reason": "助老", "date": "2024-13-01"}  # fmt: skip
    plan = plan_import(
        actor=users[Role.COMMUNITY], parsed=parsed(volunteer_points=[point, {**point}])
    )
    assert "志愿积分第 1 条：积分：应为整数" in plan.errors
    assert "志愿积分第 1 条：日期：应为日期，格式 YYYY-MM-DD" in plan.errors
    assert "志愿积分第 2 条：好德行编号：与第 1 条重复" in plan.errors


def test_a_file_of_another_schema_or_version_is_refused():
    with pytest.raises(ValidationError, match="不支持的格式版本"):
        from_json(b'{"schema": "haodexing", "version": 2, "records": {}}')
    with pytest.raises(ValidationError, match="不是好德行交换文件"):
        from_json(b'{"records": {}}')


def test_a_dry_run_writes_nothing(users):
    plan = plan_import(actor=users[Role.COMMUNITY], parsed=parsed(service_items=[item()]))
    assert plan.counts["service_items"][CREATED] == 1
    assert not ServiceItem.objects.exists()
    assert not AuditEntry.objects.filter(object_type="exchange.serviceitem").exists()


def test_one_bad_record_imports_nothing(users):
    actor = users[Role.COMMUNITY]
    plan = plan_import(
        actor=actor, parsed=parsed(service_items=[item("A"), item("B", status="open")])
    )
    assert len(plan.errors) == 1
    with pytest.raises(ValueError):
        apply_plan(actor=actor, plan=plan)
    assert not ServiceItem.objects.exists()


def test_import_is_audited_and_matched_on_the_haodexing_id(users):
    actor = users[Role.COMMUNITY]
    counts = imported(actor, service_items=[item("A"), item("B")])
    assert counts["service_items"][CREATED] == 2
    assert (
        AuditEntry.objects.filter(object_type="exchange.serviceitem", action="create").count() == 2
    )
    again = imported(actor, service_items=[item("A"), item("B", status="closed")])
    assert again["service_items"][UNCHANGED] == 1
    assert again["service_items"][UPDATED] == 1
    assert ServiceItem.objects.get(hdx_id="B").status == "closed"
    assert ServiceItem.objects.get(hdx_id="A").contact.reveal() == "13800001111"


@pytest.mark.parametrize("encode, decode", [(to_xlsx, from_xlsx), (None, None)])
def test_an_export_imports_back_unchanged_and_a_change_is_an_update(users, encode, decode):
    actor = users[Role.COMMUNITY]
    imported(actor, service_items=[item("A"), item("B", contact="")])
    records = exported(actor)
    assert records["service_items"][0]["contact"] == "138****1111"  # personal data leaves masked
    back = decode(encode(records)) if encode else parsed(**records)
    plan = plan_import(actor=actor, parsed=back)
    assert plan.errors == []
    assert plan.counts["service_items"] == {CREATED: 0, UPDATED: 0, UNCHANGED: 2}
    records["service_items"][1]["opening_hours"] = "全天"
    plan = plan_import(actor=actor, parsed=parsed(**records))
    assert plan.counts["service_items"][UPDATED] == 1
    apply_plan(actor=actor, plan=plan)
    assert ServiceItem.objects.get(hdx_id="B").opening_hours == "全天"
    assert ServiceItem.objects.get(hdx_id="A").contact.reveal() == "13800001111"


def test_matters_and_points_link_to_needs_and_volunteers(users, tree):
    from gongzhi.community.models import Volunteer

    volunteer = Volunteer.objects.create(name="张三", unit=tree.community_a1, phone="13900002222")
    actor = users[Role.COMMUNITY]
    matter = {"hdx_id": "M1", "community": "甲一社区", "title": "路灯维修",
              "requested_on": "2024-11-01", "handled_on": "2024-11-03", "result": "已修复",
              "status": "done", "need_receipt": "NOSUCH"}  # fmt: skip
    point = {"hdx_id": "P1", "community": "甲一社区", "volunteer_ref": volunteer.phone_index,
             "points": 5, "reason": "助老", "date": "2024-11-02"}  # fmt: skip
    plan = plan_import(actor=actor, parsed=parsed(handled_matters=[matter]))
    assert plan.errors == ["办理事项第 1 条：诉求回执码：本社区没有回执码为 NOSUCH 的诉求"]
    imported(actor, handled_matters=[{**matter, "need_receipt": ""}], volunteer_points=[point])
    assert HandledMatter.objects.get().handled_on.isoformat() == "2024-11-03"
    assert VolunteerPoint.objects.get().volunteer == volunteer
    exported_point = exported(actor, ["volunteer_points"])["volunteer_points"][0]
    assert "13900002222" not in str(exported_point) and "张三" not in str(exported_point)


def test_scoping_of_export_and_import(users, tree):
    imported(users[Role.PROGRAM_OFFICE], service_items=[item("A"), item("C", community="乙一社区")])
    assert [r["hdx_id"] for r in exported(users[Role.COMMUNITY])["service_items"]] == ["A"]
    assert [r["hdx_id"] for r in exported(users[Role.STREET])["service_items"]] == ["A"]
    assert len(exported(users[Role.PROGRAM_OFFICE])["service_items"]) == 2
    plan = plan_import(
        actor=users[Role.COMMUNITY],
        parsed=parsed(service_items=[item("B", community="乙一社区"), item("C")]),
    )
    assert "服务事项第 1 条：社区：乙一社区 不存在或无权导入" in plan.errors
    assert "服务事项第 2 条：好德行编号：C 已属于其他社区" in plan.errors


def test_the_file_client_pushes_and_pulls_schema_records(settings):
    from gongzhi.exchange.client import FileClient, haodexing_client

    settings.GZ_HAODEXING_CLIENT = "gongzhi.exchange.client.FileClient"
    content = haodexing_client().push("service_items", [item("A")])
    pulled = haodexing_client(name="from-hdx.json", content=content).pull("service_items")
    assert isinstance(haodexing_client(), FileClient)
    assert pulled == [item("A")]
    assert FileClient("x.json", content).pull("volunteer_points") == []


def test_a_date_out_of_bounds_is_named(users):
    matter = {"hdx_id": "M1", "community": "甲一社区", "title": "路灯维修",
              "requested_on": "1999-12-31", "status": "done"}  # fmt: skip
    plan = plan_import(actor=users[Role.COMMUNITY], parsed=parsed(handled_matters=[matter]))
    assert plan.errors == ["办理事项第 1 条：申请日期：日期应在 2000-01-01 至 2100-12-31 之间。"]


def _points_and_matters(volunteer, n: int) -> dict:
    matters = [{"hdx_id": f"M{i}", "community": "甲一社区", "title": "路灯维修",
                "requested_on": "2024-11-01", "handled_on": "2024-11-03", "result": "已修复",
                "status": "done", "need_receipt": ""} for i in range(n)]  # fmt: skip
    points = [{"hdx_id": f"P{i}", "community": "甲一社区", "volunteer_ref": volunteer.phone_index,
               "points": 5, "reason": "助老", "date": "2024-11-02"} for i in range(n)]  # fmt: skip
    return parsed(handled_matters=matters, volunteer_points=points)


def test_planning_an_import_costs_the_same_queries_for_3_or_30_records(users, tree):
    """The needs and volunteers records link to are looked up once per kind, not per record."""
    from gongzhi.community.models import Volunteer

    volunteer = Volunteer.objects.create(name="张三", unit=tree.community_a1, phone="13900002222")
    actor = users[Role.COMMUNITY]
    plan_import(actor=actor, parsed=_points_and_matters(volunteer, 1))  # warm the caches
    queries = []
    for n in (3, 30):
        with CaptureQueriesContext(connection) as captured:
            plan = plan_import(actor=actor, parsed=_points_and_matters(volunteer, n))
        assert plan.errors == [] and len(plan.changes) == 2 * n
        assert all(change.values["volunteer"] == volunteer for change in plan.changes[n:])
        queries.append(len(captured))
    assert queries[0] == queries[1]
