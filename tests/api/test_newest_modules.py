"""The assessment, smart-community, cases and supervision endpoints: what they give out (and
never), the alarm actions through the services with the token's write scope, the score sheet
as the round's page computes it, and the token page's empty scopes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.api.pages import NO_ACCESS, TokenForm
from gongzhi.api.registry import module_names
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.evaluation import services
from gongzhi.evaluation.models import ItemScore
from gongzhi.evaluation.services import table_default
from gongzhi.evaluation.sheet import STAGES, score_sheet
from gongzhi.smart.models import Alarm, ElevatorDevice
from gongzhi.supervision.models import Rectification
from tests.api.conftest import token_client, token_for


@pytest.fixture
def device(tree):
    return ElevatorDevice.objects.create(
        community=tree.community_a1,
        building="1栋",
        name="1号电梯",
        registration_code="REG00000001",
        key_hash="a" * 64,
        secret="the-hmac-secret",
    )


def _alarm(device, fault="trapped", state="new"):
    now = timezone.now()
    return Alarm.objects.create(
        device=device,
        sequence=Alarm.objects.count() + 1,
        fault=fault,
        running_state="stopped",
        occurred_at=now,
        channel="http",
        received_at=now,
        responsible=device.community,
        state=state,
    )


def test_a_device_never_gives_out_its_key_or_secret(client, users, device):
    client.force_login(users[Role.COMMUNITY])
    record = client.get(reverse("api:elevator-devices-detail", args=[device.pk])).json()
    assert record["registration_code"] == "REG00000001"
    assert "key_hash" not in record and "secret" not in record
    assert "the-hmac-secret" not in str(record) and "a" * 64 not in str(record)


def test_alarms_filter_by_state_and_fault(client, users, device):
    trapped, _other = _alarm(device), _alarm(device, fault="door_open", state="resolved")
    client.force_login(users[Role.COMMUNITY])
    url = reverse("api:alarms-list")
    listed = client.get(url, {"state": "new", "fault": "trapped"}).json()["results"]
    assert [alarm["id"] for alarm in listed] == [trapped.pk]
    assert listed[0]["state_label"] == str(Alarm.State.NEW.label)
    refused = client.get(url, {"fault": "meteor"})
    assert refused.status_code == 400 and refused.json()["field"] == "fault"


def test_a_read_token_cannot_acknowledge_a_write_token_can(users, device):
    alarm = _alarm(device)
    url = reverse("api:alarms-acknowledge", args=[alarm.pk])
    _token, read_key = token_for(users[Role.COMMUNITY], {"smart": "read"})
    assert token_client(read_key).post(url, {}, format="json").status_code == 403
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.NEW
    _token, write_key = token_for(users[Role.COMMUNITY], {"smart": "write"}, name="好德行")
    response = token_client(write_key).post(url, {"note": "已派人"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == Alarm.State.ACKNOWLEDGED
    alarm.refresh_from_db()
    assert alarm.acknowledged_by == users[Role.COMMUNITY] and alarm.acknowledge_note == "已派人"
    assert AuditEntry.objects.filter(action="transition", object_id=str(alarm.pk)).exists()


def test_resolving_needs_a_note_and_then_resolves(client, users, device):
    alarm = _alarm(device)
    client.force_login(users[Role.COMMUNITY])
    url = reverse("api:alarms-resolve", args=[alarm.pk])
    refused = client.post(url, {"note": "  "}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["field"] == "note"
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.NEW
    done = client.post(url, {"note": "已解救"}, content_type="application/json").json()
    assert done["state"] == Alarm.State.RESOLVED and done["resolution_note"] == "已解救"
    again = client.post(url, {"note": "再次"}, content_type="application/json")
    assert again.status_code == 400


def test_a_role_that_only_reads_alarms_cannot_handle_them(client, users, device):
    alarm = _alarm(device)
    client.force_login(users[Role.THIRD_PARTY])
    response = client.post(reverse("api:alarms-acknowledge", args=[alarm.pk]))
    assert response.status_code in (403, 404)
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.NEW


def test_a_rounds_sheet_is_the_one_its_page_shows(client, tree, users, program):
    table_default(program)
    office = users[Role.PROGRAM_OFFICE]
    round = services.round_create(actor=office, program=program, unit=tree.community_a1)
    first = round.scores.order_by("item__category__order", "item__order").first()
    ItemScore.objects.filter(pk=first.pk).update(self_points=first.item.points, self_note="齐全")
    client.force_login(office)
    body = client.get(reverse("api:rounds-sheet", args=[round.pk])).json()
    sheet = score_sheet(round)
    assert body["round"] == round.pk and len(body["rows"]) == len(sheet.rows) > 0
    assert [row["code"] for row in body["rows"]] == [row.code for row in sheet.rows]
    for stage in STAGES:
        totals = sheet.totals[stage]
        assert body["totals"][stage]["grade"] == totals.grade
        assert float(body["totals"][stage]["total"]) == float(totals.total)
    assert body["rows"][0]["scores"]["self"] == f"{first.item.points:.2f}"
    assert body["rows"][0]["reasons"]["self"] == "齐全"
    listed = client.get(reverse("api:rounds-list")).json()["results"]
    assert [record["id"] for record in listed] == [round.pk]
    assert {"total", "grade", "state_label"} <= set(listed[0])


def test_a_scoring_table_lists_its_categories_and_items(client, tree, users, program):
    table_default(program)
    client.force_login(users[Role.STREET])
    table = client.get(reverse("api:scoring-tables-list")).json()["results"][0]
    assert table["categories"] and all(category["items"] for category in table["categories"])


def test_a_visit_carries_its_rectification_items(client, tree, users, program):
    from tests.test_permission_matrix import _item_in

    visit = _item_in(tree.community_a1).visit
    Rectification.objects.create(
        visit=visit, what="公示服务内容", owner=tree.community_a1, due_on="2024-07-31"
    )
    client.force_login(users[Role.COMMUNITY])
    record = client.get(reverse("api:supervision-visits-detail", args=[visit.pk])).json()
    assert sorted(item["id"] for item in record["items"]) == sorted(
        visit.items.values_list("pk", flat=True)
    )


def test_the_token_page_says_none_for_a_module_not_granted(client, users):
    client.force_login(users[Role.COMMUNITY])
    html = client.get(reverse("api:token-list")).content.decode()
    for name in ("evaluation", "smart", "cases", "supervision"):
        assert (
            f'<option value="{NO_ACCESS}" selected>无</option>'
            in html.split(f'name="scope_{name}"')[1].split("</select>")[0]
        )
    form = TokenForm(data={"name": "n", "days": 3, "scope_smart": "write"})
    assert form.is_valid() and form.scopes() == {"smart": "write"}
    assert set(module_names()) >= {"evaluation", "smart", "cases", "supervision"}
