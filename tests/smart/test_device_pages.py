"""Registering and keeping elevators on the web: the form validates like the command (unique
code, coordinates in China, GCJ-02 converted), the credentials are shown once and only their hash
is kept, edits, deactivation and new keys are audited, and only device keepers may act."""

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.smart import services
from gongzhi.smart.geo import gcj02_to_wgs84
from gongzhi.smart.http import KEY_HEADER, SIGNATURE_HEADER, sign
from gongzhi.smart.models import ElevatorDevice
from tests.smart.conftest import CODE, DEVICE_KEY, SECRET, payload


def _form(community, **changes):
    data = {
        "community": community.pk,
        "building": "7栋",
        "name": "3号梯",
        "registration_code": "51068120240700003",
        "latitude": "30.979100",
        "longitude": "104.268400",
    }
    return {**data, **changes}


def _register(client, user, data):
    client.force_login(user)
    return client.post(reverse("smart:device-create"), data)


def test_registering_shows_the_key_once_and_keeps_only_its_hash(client, tree, community_user):
    page = _register(client, community_user, _form(tree.community_a1))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    key, secret = page.context["credentials"].device_key, page.context["credentials"].secret
    device = ElevatorDevice.objects.get(registration_code="51068120240700003")
    assert device.key_hash == services.key_hash(key) and device.secret.reveal() == secret
    assert key in page.content.decode() and secret in page.content.decode()
    detail = client.get(device.get_absolute_url()).content.decode()
    assert key not in detail and secret not in detail and device.key_hash not in detail
    entry = AuditEntry.objects.get(object_type="smart.elevatordevice", action="create")
    assert entry.actor == community_user and "secret" not in entry.after
    assert secret not in str(entry.after) and key not in str(entry.after)


def test_a_duplicate_code_is_refused_naming_the_field(client, tree, device, community_user):
    page = _register(client, community_user, _form(tree.community_a1, registration_code=CODE))
    assert page.status_code == 200 and "credentials" not in page.context
    assert "注册代码" in " ".join(page.context["form"].errors["registration_code"])
    assert ElevatorDevice.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"latitude": "95"}, "latitude", "中国境内"),
        ({"latitude": "30.97", "longitude": "10.2"}, "latitude", "中国境内"),
        ({"longitude": ""}, "latitude", "同时填写"),
        ({"latitude": "北纬30"}, "latitude", "数字"),
        ({"building": ""}, "building", "必填"),
    ],
)
def test_bad_input_is_refused_in_chinese_on_its_field(
    client, tree, community_user, changes, field, words
):
    page = _register(client, community_user, _form(tree.community_a1, **changes))
    assert words in " ".join(page.context["form"].errors[field])
    assert not ElevatorDevice.objects.exists()
    assert not AuditEntry.objects.filter(object_type="smart.elevatordevice").exists()


def test_gcj02_coordinates_are_converted_to_wgs84(client, tree, community_user):
    _register(client, community_user, _form(tree.community_a1, gcj02="on"))
    device = ElevatorDevice.objects.get()
    lat, lon = gcj02_to_wgs84(30.9791, 104.2684)
    assert (float(device.latitude), float(device.longitude)) == pytest.approx((lat, lon), abs=1e-6)


def test_only_communities_the_user_keeps_are_offered(client, tree, community_user):
    page = _register(client, community_user, _form(tree.community_b1))
    assert "community" in page.context["form"].errors
    choices = list(page.context["form"].fields["community"].queryset)
    assert choices == [tree.community_a1]


def test_the_street_registers_in_its_communities(client, tree, street_user):
    _register(client, street_user, _form(tree.community_a2))
    assert ElevatorDevice.objects.get().community == tree.community_a2


def test_editing_is_audited_and_checks_the_code_again(client, tree, device, community_user):
    client.force_login(community_user)
    url = reverse("smart:device-edit", args=[device.pk])
    other = services.device_register(
        actor=community_user,
        community=tree.community_a1,
        building="1栋",
        name="2号梯",
        registration_code="OTHER-1",
    )[0]
    page = client.post(url, _form(tree.community_a1, registration_code=other.registration_code))
    assert "registration_code" in page.context["form"].errors
    response = client.post(url, _form(tree.community_a1, registration_code=CODE, building="9栋"))
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.building == "9栋" and device.key_hash == services.key_hash(DEVICE_KEY)
    entry = AuditEntry.objects.get(object_id=str(device.pk), action="update")
    assert (entry.before["building"], entry.after["building"]) == ("3栋", "9栋")


def _post_alarm(client, key, sequence=1):
    body = payload(sequence=sequence)
    headers = {KEY_HEADER: key, SIGNATURE_HEADER: sign(SECRET, body)}
    return client.post(
        reverse("smart:ingest"), body, content_type="application/json", headers=headers
    )


def test_deactivating_needs_a_reason_and_stops_the_device(client, device, community_user):
    client.force_login(community_user)
    url = reverse("smart:device-deactivate", args=[device.pk])
    client.post(url, {"reason": " "})
    device.refresh_from_db()
    assert device.is_active
    client.post(url, {"reason": "电梯拆除"})
    device.refresh_from_db()
    assert (device.is_active, device.deactivation_reason) == (False, "电梯拆除")
    entry = AuditEntry.objects.get(object_id=str(device.pk), message="停用设备")
    assert entry.after["deactivation_reason"] == "电梯拆除"
    assert _post_alarm(client, DEVICE_KEY).status_code == 401
    client.post(reverse("smart:device-activate", args=[device.pk]))
    device.refresh_from_db()
    assert device.is_active and device.deactivation_reason == ""


def test_a_new_key_is_shown_once_and_the_old_one_stops_working(client, device, community_user):
    client.force_login(community_user)
    page = client.post(reverse("smart:device-key", args=[device.pk]))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    credentials = page.context["credentials"]
    assert credentials.device_key in page.content.decode()
    device.refresh_from_db()
    assert device.key_hash == services.key_hash(credentials.device_key)
    assert device.secret.reveal() == credentials.secret != SECRET
    assert _post_alarm(client, DEVICE_KEY).status_code == 401
    entry = AuditEntry.objects.get(object_id=str(device.pk), message="重新生成密钥")
    assert entry.before["key_hash"] != entry.after["key_hash"]
    assert credentials.secret not in str(entry.after)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        (Role.PROGRAM_OFFICE, True),
        (Role.STREET, True),
        (Role.COMMUNITY, True),
        (Role.AGENCY, False),
        (Role.CITY_DEPARTMENT, False),
        (Role.THIRD_PARTY, False),
    ],
)
def test_who_keeps_devices(client, tree, users, role, may):
    page = _register(client, users[role], _form(tree.community_a1))
    assert page.status_code == (200 if may else 403)
    assert ElevatorDevice.objects.exists() is may


def test_the_device_pages_are_linked_for_keepers_only(client, device, users):
    client.force_login(users[Role.COMMUNITY])
    assert (
        reverse("smart:device-create") in client.get(reverse("smart:device-list")).content.decode()
    )
    detail = client.get(device.get_absolute_url()).content.decode()
    assert reverse("smart:device-key", args=[device.pk]) in detail
    client.force_login(users[Role.AGENCY])
    assert (
        reverse("smart:device-create")
        not in client.get(reverse("smart:device-list")).content.decode()
    )
