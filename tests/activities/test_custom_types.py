"""A county's own activity type: added on /settings/lists/, offered in the activity form, saved,
shown, filtered; once deactivated no longer offered, while the activities that hold it keep it."""

import pytest
from django.urls import reverse

from gongzhi.activities.models import Activity
from gongzhi.orgs.models import Unit

LIST_PAGE = reverse("activities:activity-list")


@pytest.fixture
def office_client(client, demo, demo_users):
    client.force_login(demo_users["office"])
    client.post(reverse("core:option-add", args=["activity_type"]), {"label": "邻里节"})
    return client


def _form_data(**extra):
    xicheng = Unit.objects.get(name="西城社区")
    return {
        "title": "西城第一届邻里节",
        "type": "custom-1",
        "unit": xicheng.pk,
        "community": xicheng.pk,
        "starts_at": "2024-05-01T09:00",
        "ends_at": "2024-05-01T11:00",
        "place": "西城社区广场",
        "planned_attendance": "80",
        **extra,
    }


def _offered(client, url) -> dict:
    return dict(client.get(url).context["form"].fields["type"].choices)


def test_a_custom_type_is_offered_saved_shown_and_filtered(office_client):
    assert _offered(office_client, reverse("activities:activity-create"))["custom-1"] == "邻里节"
    response = office_client.post(reverse("activities:activity-create"), _form_data())
    activity = Activity.objects.get(title="西城第一届邻里节")
    assert response.url == activity.get_absolute_url()
    assert activity.type == "custom-1" and activity.get_type_display() == "邻里节"
    detail = office_client.get(activity.get_absolute_url()).content.decode()
    assert "邻里节</span>" in detail

    listed = office_client.get(LIST_PAGE, {"type": "custom-1"})
    assert list(listed.context["object_list"]) == [activity]
    assert "<td>邻里节</td>" in listed.content.decode()
    assert ("custom-1", "邻里节") in list(listed.context["filter"].form.fields["type"].choices)
    others = office_client.get(LIST_PAGE, {"type": "training"}).context["object_list"]
    assert activity not in others


def test_an_unknown_type_is_refused_naming_the_field(office_client):
    response = office_client.post(reverse("activities:activity-create"), _form_data(type="x1"))
    assert response.status_code == 200
    assert response.context["form"].errors["type"] == ["“类型”没有“x1”这个可选值。"]
    assert not Activity.objects.filter(title="西城第一届邻里节").exists()
    assert office_client.get(LIST_PAGE, {"type": "x1"}).status_code == 400


def test_a_deactivated_type_is_not_offered_but_its_activities_keep_it(office_client):
    office_client.post(reverse("activities:activity-create"), _form_data())
    activity = Activity.objects.get(title="西城第一届邻里节")
    office_client.post(reverse("core:option-toggle", args=["activity_type", "custom-1"]))

    assert "custom-1" not in _offered(office_client, reverse("activities:activity-create"))
    response = office_client.post(
        reverse("activities:activity-create"), _form_data(title="第二届邻里节")
    )
    assert response.context["form"].errors["type"] == ["“类型”的“邻里节”已停用，请另选。"]

    assert "邻里节" in office_client.get(activity.get_absolute_url()).content.decode()
    listed = office_client.get(LIST_PAGE, {"type": "custom-1"})  # still found by its type
    assert list(listed.context["object_list"]) == [activity]
    edit_url = reverse("activities:activity-edit", args=[activity.pk])
    edit = office_client.get(edit_url).content.decode()
    assert '<option value="custom-1" selected>邻里节</option>' in edit  # its own value stays
    saved = office_client.post(edit_url, _form_data(place="西城社区活动室"))
    assert saved.status_code == 302
    activity.refresh_from_db()
    assert (activity.type, activity.place) == ("custom-1", "西城社区活动室")


def test_the_built_in_types_still_work_as_before(office_client):
    office_client.post(reverse("activities:activity-create"), _form_data(type="supply_demand"))
    activity = Activity.objects.get(title="西城第一届邻里节")
    assert activity.type == Activity.Type.SUPPLY_DEMAND
    assert activity.get_type_display() == "供需对接会"


def test_a_custom_type_is_counted_by_a_target_that_names_it(office_client, demo, demo_users):
    from gongzhi.programs.exporter import export_program
    from gongzhi.programs.importer import import_program
    from gongzhi.programs.models import Target
    from gongzhi.progress.ledger import target_rows

    doc = export_program(demo)
    doc["pilots"][0]["items"][3]["targets"].append(
        {
            "name": "邻里节",
            "comparator": ">=",
            "value": 1,
            "unit": "场",
            "counter": "activities.count",
            "args": {"type": "custom-1"},
        }
    )
    import_program(doc)
    target = Target.objects.get(name="邻里节")
    assert target_rows([target])[0].actual == 0
    Activity.objects.create(
        title="邻里节",
        type="custom-1",
        unit=Unit.objects.get(name="西城社区"),
        community=Unit.objects.get(name="西城社区"),
        starts_at="2024-05-01T09:00+08:00",
        ends_at="2024-05-01T11:00+08:00",
        place="广场",
        created_by=demo_users["community"],
    )
    assert target_rows([target])[0].actual == 1
    doc["pilots"][0]["items"][3]["targets"][-1]["args"]["type"] = "custom-9"
    with pytest.raises(Exception, match=r"targets\[\d\]\.args\.type"):
        import_program(doc)
