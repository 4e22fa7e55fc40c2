"""Configurable lists: the program office adds, renames, deactivates and deletes values on
/settings/lists/; built-ins stay; every change is audited; other roles are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gongzhi.activities.models import Activity
from gongzhi.core import options
from gongzhi.core.models import AuditEntry, Option
from gongzhi.core.services import option_add
from tests.activities.test_signin import make_activity

PAGE = reverse("core:option-lists")


def _add(client, label, code="", list_name="activity_type"):
    url = reverse("core:option-add", args=[list_name])
    return client.post(url, {"label": label, "code": code}, follow=True)


def _post(client, action, code, list_name="activity_type", **data):
    url = reverse(f"core:option-{action}", args=[list_name, code])
    return client.post(url, data, follow=True)


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_the_page_lists_every_list_with_its_built_in_values(client, office):
    client.force_login(office)
    page = client.get(PAGE)
    assert page.status_code == 200
    shown = {item["name"]: item["values"] for item in page.context["lists"]}
    assert set(shown) >= {"activity_type", "station_kind", "organization_category"}
    assert "incubation_level" in shown
    assert [value.code for value in shown["station_kind"]] == ["city", "town", "room"]
    html = page.content.decode()
    assert "供需对接会" in html and "村（社区）社工室" in html and "公益慈善" in html


def test_a_value_added_gets_a_code_is_offered_and_audited(client, office):
    client.force_login(office)
    response = _add(client, "邻里节")
    assert "已添加“邻里节”" in _messages(response)
    option = Option.objects.get(list_name="activity_type", label="邻里节")
    assert (option.code, option.is_builtin, option.is_active) == ("custom-1", False, True)
    assert ("custom-1", "邻里节") in options.options("activity_type")
    assert options.options("activity_type")[-1] == ("custom-1", "邻里节")  # after the built-ins
    _add(client, "Open day", code="")
    _add(client, "睦邻点", code="neighbours")
    codes = [code for code, _label in options.options("activity_type")]
    assert codes[-3:] == ["custom-1", "open-day", "neighbours"]
    entry = AuditEntry.objects.get(object_type="core.option", object_id=str(option.pk))
    assert entry.action == "create" and entry.actor == office and entry.message == "活动类型"
    assert entry.after["label"] == "邻里节" and entry.after["list_name"] == "activity_type"


def test_a_label_is_required_and_unique_in_its_list(client, office):
    client.force_login(office)
    assert "请填写名称" in _messages(_add(client, "  "))
    assert "已有同名" in _messages(_add(client, "培训"))  # a built-in's label
    _add(client, "邻里节")
    assert "已有同名" in _messages(_add(client, "邻里节"))
    assert "小写字母" in _messages(_add(client, "坏代码", code="Bad code!"))
    assert "已有代码" in _messages(_add(client, "又一个培训", code="training"))
    assert "100" in _messages(_add(client, "长" * 101))
    assert Option.objects.filter(list_name="activity_type", is_builtin=False).count() == 1
    _add(client, "培训", list_name="station_kind")  # the same label in another list is fine
    assert options.value_of("station_kind", "custom-1").label == "培训"


def test_renaming_keeps_the_code_and_is_audited(client, office):
    client.force_login(office)
    make_activity(type="training")
    response = _post(client, "rename", "training", label="技能培训")
    assert "已改名为“技能培训”" in _messages(response)
    assert options.label_of("activity_type", "training") == "技能培训"
    assert Activity.objects.get().get_type_display() == "技能培训"
    entry = AuditEntry.objects.get(object_type="core.option", action="update")
    assert (entry.before["label"], entry.after["label"]) == ("培训", "技能培训")
    assert "已有同名" in _messages(_post(client, "rename", "other", label="技能培训"))


def test_a_deactivated_value_is_not_offered_but_old_records_show_it(client, office):
    client.force_login(office)
    activity = make_activity(type="training")
    response = _post(client, "toggle", "training")
    assert "已停用“培训”" in _messages(response)
    assert "training" not in dict(options.options("activity_type"))
    assert "training" in dict(options.options("activity_type", active_only=False))
    assert Activity.objects.get(pk=activity.pk).get_type_display() == "培训"
    page = client.get(PAGE).content.decode()
    assert "已停用" in page
    entry = AuditEntry.objects.get(object_type="core.option", action="update")
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)
    _post(client, "toggle", "training")  # and back
    assert "training" in dict(options.options("activity_type"))
    assert AuditEntry.objects.filter(object_type="core.option", action="update").count() == 2


def test_built_in_values_cannot_be_deleted(client, office):
    client.force_login(office)
    response = _post(client, "delete", "training")
    assert "内置的值不能删除" in _messages(response)
    assert Option.objects.filter(list_name="activity_type", code="training").exists()
    assert not AuditEntry.objects.filter(object_type="core.option", action="delete").exists()


def test_a_value_in_use_cannot_be_deleted_an_unused_one_can(client, office):
    client.force_login(office)
    _add(client, "邻里节")
    _add(client, "睦邻点")
    make_activity(type="custom-1")
    response = _post(client, "delete", "custom-1")
    assert "已有记录使用“邻里节”" in _messages(response)
    assert options.value_of("activity_type", "custom-1") is not None
    response = _post(client, "delete", "custom-2")
    assert "已删除“睦邻点”" in _messages(response)
    assert options.value_of("activity_type", "custom-2") is None
    entry = AuditEntry.objects.get(object_type="core.option", action="delete")
    assert entry.before["label"] == "睦邻点" and entry.actor == office


@pytest.mark.parametrize("role_user", ["community_user", "street_user"])
def test_other_roles_are_refused(client, request, role_user):
    user = request.getfixturevalue(role_user)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    add = client.post(reverse("core:option-add", args=["activity_type"]), {"label": "越权"})
    assert add.status_code == 403
    toggle = client.post(reverse("core:option-toggle", args=["activity_type", "training"]))
    assert toggle.status_code == 403
    assert not Option.objects.filter(label="越权").exists()
    assert options.value_of("activity_type", "training").is_active
    assert AuditEntry.objects.filter(action="access_denied", actor=user).count() == 3
    with pytest.raises(Exception, match="无权"):
        option_add(actor=user, list_name="activity_type", label="越权")


def test_an_unknown_list_or_value_is_not_found(client, office):
    client.force_login(office)
    assert _post(client, "toggle", "nothing-here").status_code == 404
    assert client.post(reverse("core:option-add", args=["nothing"])).status_code == 404


def test_only_the_office_sees_the_link(client, office, community_user):
    client.force_login(office)
    assert PAGE in client.get(reverse("dashboards:home")).content.decode()
    client.force_login(community_user)
    assert PAGE not in client.get(reverse("dashboards:home")).content.decode()


def test_an_unknown_or_deactivated_code_is_refused_naming_the_field(db, office):
    activity = make_activity()
    activity.type = "bogus"
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert refused.value.message_dict["type"] == ["“类型”没有“bogus”这个可选值。"]
    option_add(actor=office, list_name="activity_type", label="邻里节")
    activity.type = "custom-1"
    activity.full_clean()
    old = make_activity(type="custom-1")
    Option.objects.filter(code="custom-1").update(is_active=False)
    new = Activity(
        title="新活动",
        type="custom-1",
        unit=old.unit,
        place="社区",
        starts_at=old.starts_at,
        ends_at=old.ends_at,
        created_by=old.created_by,
    )
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    assert refused.value.message_dict["type"] == ["“类型”的“邻里节”已停用，请另选。"]
    old.full_clean()  # the record that holds it keeps it


def test_built_in_labels_read_in_english_custom_ones_as_typed(db, office):
    option_add(actor=office, list_name="activity_type", label="邻里节")
    with translation.override("en"):
        shown = dict(options.options("activity_type"))
    assert shown["training"] == "Training" and shown["custom-1"] == "邻里节"
    assert options.file_label("activity_type", "training") == "培训"  # files stay Chinese


def test_built_ins_count_even_without_their_rows(db):
    """A database emptied by a flush (or older than the list) still offers the built-ins."""
    Option.objects.all().delete()
    assert options.options("station_kind") == [
        ("city", "市级社工站"),
        ("town", "镇（街道）社工站"),
        ("room", "村（社区）社工室"),
    ]
    assert options.value_of("station_kind", "room").is_builtin


def test_deactivating_a_built_in_without_a_row_stores_one(client, office):
    Option.objects.filter(list_name="station_kind").delete()
    client.force_login(office)
    _post(client, "toggle", "room", list_name="station_kind")
    row = Option.objects.get(list_name="station_kind", code="room")
    assert (row.is_builtin, row.is_active, row.label) == (True, False, "村（社区）社工室")


def test_the_lists_are_read_once_inside_a_request_or_job(db):
    with options.options_cached(), CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            options.label_of("activity_type", "training")
            options.options("station_kind")
    assert len(queries) == 1
