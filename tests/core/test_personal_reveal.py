"""Revealing a full personal value: only for who keeps the record, for a reason, audited, limited
per hour, never cached; sensitive fields (民族, 残疾情况) are encrypted and masked the same way."""

import pytest
from django.db import connection
from django.urls import reverse

from gongzhi.community.models import Volunteer
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role

PHONE, ID_NUMBER = "13912345678", "11010519491231002X"


@pytest.fixture
def volunteer(tree):
    return Volunteer.objects.create(
        name="王芳",
        unit=tree.community_a1,
        phone=PHONE,
        id_number=ID_NUMBER,
        ethnicity="回族",
        disability="肢体三级",
    )


def _reveal(client, volunteer, field="phone", **data):
    url = reverse("core:reveal", args=["community.volunteer", volunteer.pk, field])
    return client.post(url, data or {"reason": "contact"})


def _reveals():
    return AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL)


def test_the_detail_page_shows_masked_values_and_the_control(client, community_user, volunteer):
    client.force_login(community_user)
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert "139****5678" in page and "1101**********002X" in page
    assert PHONE not in page and ID_NUMBER not in page and "回族" not in page
    assert "查看完整号码" in page and "查看完整信息" in page
    assert reverse("core:reveal", args=["community.volunteer", volunteer.pk, "phone"]) in page


def test_a_keeper_sees_the_full_value_for_a_reason_audited_and_not_cached(
    client, community_user, volunteer
):
    client.force_login(community_user)
    response = _reveal(client, volunteer, "id_number", reason="verify", note="办理补贴前核对")
    assert response.status_code == 200 and ID_NUMBER in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = _reveals().get()
    assert (entry.actor, entry.object_type, entry.object_id) == (
        community_user,
        "community.volunteer",
        str(volunteer.pk),
    )
    assert entry.after == {"field": "id_number", "reason": "核实身份：办理补贴前核对"}
    assert ID_NUMBER not in str(entry.after) + entry.message


@pytest.mark.parametrize(
    ("data", "error"),
    [({"reason": ""}, "必填项"), ({"reason": "other", "note": " "}, "请写明查看原因")],
)
def test_no_reason_no_value(client, community_user, volunteer, data, error):
    client.force_login(community_user)
    response = _reveal(client, volunteer, **data)
    body = response.content.decode()
    assert PHONE not in body and error in body and "139****5678" in body
    assert not _reveals().exists()


def test_over_the_hourly_limit_the_refusal_is_clear_and_audited(
    client, community_user, volunteer, settings
):
    settings.GZ_REVEAL_PER_HOUR = 2
    client.force_login(community_user)
    assert PHONE in _reveal(client, volunteer).content.decode()
    assert PHONE in _reveal(client, volunteer).content.decode()
    body = _reveal(client, volunteer).content.decode()
    assert PHONE not in body and "已达 2 次上限" in body
    assert _reveals().count() == 2
    refusal = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS_DENIED)
    assert refusal.actor == community_user and "上限" in refusal.message


def test_who_may_not_reveal(client, users, tree, volunteer):
    client.force_login(users[Role.FINANCE])  # reads every registry, keeps none
    assert _reveal(client, volunteer).status_code == 403
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert "139****5678" in page and "查看完整号码" not in page
    other = Volunteer.objects.create(name="李四", unit=tree.community_b1, phone="13900000001")
    client.force_login(users[Role.COMMUNITY])
    assert _reveal(client, other).status_code == 404  # another community's volunteer
    assert not _reveals().exists()


@pytest.mark.parametrize(
    ("model", "field"),
    [("community.volunteer", "name"), ("community.nothing", "phone"), ("core.auditentry", "ip")],
)
def test_only_personal_fields_of_scoped_records_open(
    client, community_user, volunteer, model, field
):
    client.force_login(community_user)
    url = reverse("core:reveal", args=[model, volunteer.pk, field])
    assert client.post(url, {"reason": "contact"}).status_code == 404
    assert (
        client.get(
            reverse("core:reveal", args=["community.volunteer", volunteer.pk, "phone"])
        ).status_code
        == 405
    )


def test_sensitive_fields_are_encrypted_masked_and_revealed_like_numbers(
    client, community_user, volunteer
):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ethnicity, disability FROM community_volunteer")
        stored = "".join(cursor.fetchone())
    assert "回族" not in stored and "肢体" not in stored
    volunteer.refresh_from_db()
    assert str(volunteer.ethnicity) == "***" and volunteer.disability.reveal() == "肢体三级"
    client.force_login(community_user)
    assert "回族" in _reveal(client, volunteer, "ethnicity").content.decode()
    assert _reveals().get().after["field"] == "ethnicity"
