"""QR sign-in: a public phone page, one sign-in per phone, rate-limited, closed at the end."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Activity, SignIn
from gongzhi.activities.services import SIGNINS_PER_ADDRESS_PER_MINUTE
from gongzhi.orgs.models import Unit
from tests.conftest import make_user


def make_activity(**extra):
    unit = Unit.objects.filter(kind="community").first() or Unit.objects.add_unit(
        Unit.objects.add_unit(None, name="某市", kind="county"), name="某街道", kind="street"
    )
    organiser = make_user(f"organiser{Activity.objects.count()}", "street", unit)
    start = timezone.now() - datetime.timedelta(minutes=10)
    fields = {
        "title": "第1期供需对接会",
        "type": "supply_demand",
        "unit": unit,
        "place": "社区综合体",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=2),
        "created_by": organiser,
    }
    return Activity.objects.create(**{**fields, **extra})


def _sign(client, activity, name="王五", phone="13812345678", ip="10.0.0.1"):
    return client.post(
        reverse("activities:signin", args=[activity.signin_token]),
        {"name": name, "phone": phone},
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_a_phone_signs_in_without_an_account(client):
    activity = make_activity()
    page = client.get(reverse("activities:signin", args=[activity.signin_token]))
    assert page.status_code == 200 and "第1期供需对接会" in page.content.decode()
    response = _sign(client, activity)
    assert "签到成功" in response.content.decode()
    assert SignIn.objects.get().name == "王五"


@pytest.mark.django_db
def test_one_sign_in_per_phone(client):
    activity = make_activity()
    _sign(client, activity)
    again = _sign(client, activity, name="王五五", phone="138 1234 5678")
    assert "已签到" in again.content.decode()
    assert SignIn.objects.count() == 1
    other = make_activity()
    assert "签到成功" in _sign(client, other).content.decode()  # another activity is fine


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "phone", "field"), [("", "13812345678", "name"), ("赵六", "1234", "phone")]
)
def test_bad_input_names_the_field(client, name, phone, field):
    activity = make_activity()
    response = _sign(client, activity, name=name, phone=phone)
    assert field in response.context["form"].errors
    assert SignIn.objects.count() == 0


@pytest.mark.django_db
def test_sign_in_closes_when_the_activity_ends(client):
    activity = make_activity()
    with time_machine.travel(activity.ends_at + datetime.timedelta(minutes=1)):
        response = _sign(client, activity)
    assert "签到已结束" in response.content.decode()
    Activity.objects.filter(pk=activity.pk).update(signin_open=False)
    assert "签到已结束" in _sign(client, activity, phone="13900000000").content.decode()
    assert SignIn.objects.count() == 0


@pytest.mark.django_db
def test_sign_ins_are_rate_limited_per_address(client):
    activity = make_activity()
    for n in range(SIGNINS_PER_ADDRESS_PER_MINUTE):
        _sign(client, activity, name=f"人{n}", phone=f"139{n:08d}")
    blocked = _sign(client, activity, name="多一个", phone="13700000000")
    assert blocked.status_code == 429
    assert "过于频繁" in blocked.content.decode()
    assert (
        _sign(client, activity, name="别处", phone="13700000000", ip="10.0.0.2").status_code == 200
    )
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        assert _sign(client, activity, name="稍后", phone="13600000000").status_code == 200


@pytest.mark.django_db
def test_staff_see_the_qr_code_and_masked_phones(client):
    activity = make_activity()
    _sign(client, activity)
    client.force_login(activity.created_by)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "138****5678" in page and "13812345678" not in page
    qr = client.get(reverse("activities:activity-qr", args=[activity.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
