"""QR sign-in: a public phone page, one sign-in per phone, rate-limited, closed at the end."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "signed"),
    [
        (datetime.timedelta(minutes=-31), False),  # before sign-in opens
        (datetime.timedelta(minutes=-30), True),  # it opens half an hour before the start
        (datetime.timedelta(minutes=5), True),  # during
        (datetime.timedelta(hours=2, minutes=1), False),  # after the end
    ],
)
def test_sign_in_is_open_only_from_half_an_hour_before_the_start_to_the_end(client, offset, signed):
    start = timezone.now() + datetime.timedelta(days=1)
    activity = make_activity(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    with time_machine.travel(start + offset, tick=False):
        response = _sign(client, activity)
    assert SignIn.objects.exists() is signed
    if not signed:
        text = response.content.decode()
        assert (
            ("签到尚未开始" in text) if offset < datetime.timedelta(0) else ("签到已结束" in text)
        )


@pytest.mark.django_db
def test_the_opening_time_is_a_setting(client, settings):
    settings.GZ_SIGNIN_OPENS_BEFORE_MINUTES = 60
    start = timezone.now() + datetime.timedelta(days=1)
    activity = make_activity(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    with time_machine.travel(start - datetime.timedelta(minutes=45), tick=False):
        assert "签到成功" in _sign(client, activity).content.decode()


@pytest.mark.django_db
def test_the_page_says_when_sign_in_opens(client):
    start = timezone.now() + datetime.timedelta(days=1)
    activity = make_activity(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    page = client.get(reverse("activities:signin", args=[activity.signin_token]))
    assert 'data-testid="signin-not-open"' in page.content.decode()
    assert "<form" not in page.content.decode().split("signin-not-open")[1]


@pytest.mark.django_db
def test_a_full_width_phone_is_the_same_phone(client):
    activity = make_activity()
    assert "签到成功" in _sign(client, activity, phone="1３５０００００１７４").content.decode()
    again = _sign(client, activity, name="又一次", phone="13500000174")
    assert "已签到" in again.content.decode()
    assert SignIn.objects.get().phone.reveal() == "13500000174"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "phone", "field", "message"),
    [
        ("\u200b", "13812345678", "name", "请填写姓名"),
        ("赵六", "١٣٨١٢٣٤٥٦٧٨", "phone", "只能由数字组成"),
    ],
)
def test_invisible_names_and_foreign_digits_are_refused(client, name, phone, field, message):
    response = _sign(client, make_activity(), name=name, phone=phone)
    assert message in str(response.context["form"].errors[field])
    assert SignIn.objects.count() == 0


@pytest.mark.django_db
def test_an_activity_in_year_one_is_refused_with_a_message(client):
    activity = make_activity()
    client.force_login(activity.created_by)
    data = {
        "title": "第2期",
        "type": "training",
        "unit": activity.unit.pk,
        "starts_at": "0001-01-01T00:00",
        "ends_at": "0001-01-01T02:00",
        "place": "社区",
        "planned_attendance": "10",
    }
    response = client.post(reverse("activities:activity-create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "2000-01-01" in str(errors["starts_at"]) and "ends_at" in errors
    data.update(starts_at="2024-05-01T10:00", ends_at="2024-05-01T09:00")
    response = client.post(reverse("activities:activity-create"), data)
    assert "结束时间不能早于开始时间" in str(response.context["form"].errors["ends_at"])
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_the_list_counts_each_shown_activitys_sign_ins_without_grouping_the_list(client):
    activity = make_activity()
    quiet = make_activity(title="第2期供需对接会", unit=activity.unit)
    _sign(client, activity)
    _sign(client, activity, phone="13812345679", ip="10.0.0.2")
    client.force_login(activity.created_by)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("activities:activity-list"))
    attended = {row.pk: row.attended for row in page.context["object_list"]}
    assert attended == {activity.pk: 2, quiet.pk: 0}
    listed = [q["sql"] for q in queries if 'FROM "activities_activity"' in q["sql"]]
    assert listed and not [sql for sql in listed if 'GROUP BY "activities_activity"' in sql]
