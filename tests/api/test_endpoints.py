"""Every endpoint on the demo: lists and details answer, records out of scope are 404, a role
without the permission 403, personal data masked as on the pages, errors in one shape."""

import pytest
from django.urls import reverse

from gongzhi.api import endpoints  # noqa: F401  (fills the registry)
from gongzhi.api.registry import ROUTES
from gongzhi.community.models import Volunteer
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report

LISTS = sorted(route.basename for route in ROUTES if hasattr(route.viewset, "list"))


@pytest.mark.parametrize("basename", LISTS)
def test_every_list_and_its_first_record_answer(client, demo, demo_users, basename):
    client.force_login(demo_users["office"])
    response = client.get(reverse(f"api:{basename}-list"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    for record in body["results"][:1]:
        detail = client.get(reverse(f"api:{basename}-detail", args=[record["id"]]))
        assert detail.status_code == 200 and detail.json()["id"] == record["id"]


def test_a_record_out_of_scope_is_not_found(client, demo, demo_users):
    """西城's community user never reaches 京皇's tasks or units."""
    client.force_login(demo_users["community"])
    other = Task.objects.filter(pilot__community__name="京皇社区").first()
    response = client.get(reverse("api:tasks-detail", args=[other.pk]))
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "未找到，或不在您的权限范围内。",
        "field": None,
    }
    jinghuang = Unit.objects.get(name="京皇社区")
    assert client.get(reverse("api:units-detail", args=[jinghuang.pk])).status_code == 404
    listed = client.get(reverse("api:items-list"), {"page_size": 200}).json()["results"]
    xicheng = Unit.objects.get(name="西城社区").pk
    assert listed and {item["community"] for item in listed} == {xicheng}


def test_a_role_without_the_permission_is_refused(client, demo, demo_users):
    client.force_login(demo_users["thirdparty"])
    response = client.get(reverse("api:needs-list"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_volunteers_phones_and_id_numbers_are_masked(client, tree, users):
    volunteer = Volunteer.objects.create(
        name="王小明", unit=tree.community_a1, phone="13812345678", id_number="11010519491231002X"
    )
    client.force_login(users["community"])
    record = client.get(reverse("api:volunteers-detail", args=[volunteer.pk])).json()
    assert record["phone"] == str(volunteer.phone) and "12345678" not in record["phone"]
    assert "19491231" not in record["id_number"] and record["id_number"]
    assert "phone_index" not in record and "id_number_index" not in record


def test_a_filter_value_that_makes_no_sense_names_the_field(client, demo, demo_users):
    client.force_login(demo_users["office"])
    response = client.get(reverse("api:units-list"), {"kind": "planet"})
    assert response.status_code == 400
    assert response.json()["field"] == "kind"


def test_a_service_refusal_is_400_naming_the_field(client, demo, demo_users):
    client.force_login(demo_users["community"])
    task = Task.objects.filter(pilot__community__name="西城社区").first()
    unit = Unit.objects.get(name="西城社区")
    response = client.post(
        reverse("api:reports-list"),
        {"task": task.pk, "unit": unit.pk, "text": "   "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    assert not Report.objects.exists()


def test_errors_read_in_english_with_the_english_interface(client, demo, demo_users):
    client.force_login(demo_users["community"])
    other = Task.objects.filter(pilot__community__name="京皇社区").first()
    response = client.get(reverse("api:tasks-detail", args=[other.pk]), {"lang": "en"})
    assert response.json()["message"] == "Not found, or outside your reach."


def test_cursor_pages_do_not_shift_when_records_are_added(client, demo, demo_users):
    client.force_login(demo_users["office"])
    first = client.get(reverse("api:units-list"), {"page_size": 5}).json()
    Unit.objects.add_unit(Unit.objects.get(name="广汉市"), name="新街道", kind="street")
    second = client.get(first["next"]).json()
    seen = [unit["id"] for unit in first["results"]] + [unit["id"] for unit in second["results"]]
    assert len(seen) == len(set(seen)) == 10
    assert seen == sorted(seen, reverse=True)


def test_a_browser_session_writes_only_with_its_csrf_token(demo, demo_users):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(demo_users["street"])
    report = Report.objects.create(
        task=Task.objects.filter(pilot__community__name="西城社区").first(),
        unit=Unit.objects.get(name="西城社区"),
        author=demo_users["community"],
        text="进展",
    )
    response = client.post(reverse("api:reports-approve", args=[report.pk]), {}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["message"]
