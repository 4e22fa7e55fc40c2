"""Alarms over HTTP: the device key and HMAC signature authenticate, a replay stores once, and a
malformed payload is refused with its reason and kept."""

import pytest
from django.urls import reverse

from gongzhi.smart.http import sign
from gongzhi.smart.models import Alarm, RejectedMessage
from tests.smart.conftest import DEVICE_KEY, SECRET, payload


def _post(client, body, key=DEVICE_KEY, secret=SECRET):
    return client.post(
        reverse("smart:ingest"),
        data=body,
        content_type="application/json",
        headers={"X-Device-Key": key, "X-Signature": sign(secret, body)},
    )


def test_a_signed_alarm_is_stored_with_its_fields(client, device):
    response = _post(client, payload(sequence=7, fault="top_overtravel"))
    assert response.status_code == 201
    alarm = Alarm.objects.get(pk=response.json()["id"])
    assert (alarm.device, alarm.sequence, alarm.fault) == (device, 7, "top_overtravel")
    assert alarm.values == {"floor": 5}
    assert alarm.channel == "http" and alarm.state == Alarm.State.NEW
    assert alarm.responsible == device.community


def test_a_replay_stores_once(client, device):
    body = payload(sequence=3)
    assert _post(client, body).status_code == 201
    replay = _post(client, body)
    assert replay.status_code == 200 and replay.json()["result"] == "duplicate"
    assert Alarm.objects.filter(device=device, sequence=3).count() == 1


@pytest.mark.parametrize(
    ("key", "secret", "reason"),
    [("wrong-key", SECRET, "设备密钥"), (DEVICE_KEY, "wrong-secret", "签名不符")],
)
def test_wrong_credentials_answer_401_with_the_reason(client, device, key, secret, reason):
    response = _post(client, payload(), key=key, secret=secret)
    assert response.status_code == 401
    assert reason in response.json()["reason"]
    assert not Alarm.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"not json", "JSON"),
        (payload(sequence="x"), "sequence"),
        (payload(fault="exploded"), "fault"),
        (payload(time="2024-12-18T09:00:00"), "time"),
        (payload(code="OTHER"), "注册代码"),
    ],
)
def test_a_malformed_payload_is_refused_and_kept_with_its_reason(client, device, body, field):
    response = _post(client, body)
    assert response.status_code == 400
    assert field in response.json()["reason"]
    rejected = RejectedMessage.objects.get()
    assert field in rejected.reason and rejected.channel == "http"
    assert not Alarm.objects.exists()
    # valid ones keep flowing
    assert _post(client, payload(sequence=9)).status_code == 201
