"""The volunteer page's hours form lists a bounded few activities (the community's recent ones),
finds the others by title, and still accepts any activity the user may see, and only those."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Activity
from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.community.selectors import RECENT_ACTIVITY_DAYS, SHOWN_ACTIVITIES
from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity


@pytest.fixture
def xicheng(demo):
    return Unit.objects.get(name="西城社区")


def _activities(unit, n, *, days_ago, title):
    start = timezone.now() - datetime.timedelta(days=days_ago)
    first = make_activity(unit=unit, community=unit, title=f"{title}0", starts_at=start)
    Activity.objects.bulk_create(
        Activity(
            title=f"{title}{i}",
            type=first.type,
            unit=unit,
            community=unit,
            place=first.place,
            starts_at=start,
            ends_at=first.ends_at,
            created_by=first.created_by,
        )
        for i in range(1, n)
    )


def _options(html: str) -> int:
    form = html[html.index('name="activity"') :]
    return form[: form.index("</select>")].count("<option")


def test_the_hours_form_lists_a_bounded_few_and_accepts_any_in_reach(client, demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="孙八", unit=xicheng, phone="13900000001")
    jinshan = Unit.objects.get(name="金山社区")
    _activities(xicheng, SHOWN_ACTIVITIES + 10, days_ago=3, title="近期活动")
    _activities(xicheng, 5, days_ago=RECENT_ACTIVITY_DAYS + 30, title="往年活动")
    _activities(jinshan, 5, days_ago=3, title="金山活动")
    street = demo_users["street"]  # 雒城街道: reaches 西城 and 金山
    client.force_login(street)
    html = client.get(volunteer.get_absolute_url()).content.decode()
    assert _options(html) == SHOWN_ACTIVITIES + 1  # + the empty choice
    assert "往年活动" not in html and "金山活动" not in html

    found = client.get(reverse("community:hours-activities", args=[volunteer.pk]), {"q": "往年"})
    assert found.content.decode().count('<option value="') - 1 == 5

    old = Activity.objects.get(title="往年活动3")
    response = client.post(
        reverse("community:hours-log", args=[volunteer.pk]),
        {"date": "2024-12-01", "hours": "2", "activity": old.pk, "description": "服务"},
    )
    assert response.status_code == 302
    assert VolunteerHours.objects.get(volunteer=volunteer).activity == old


def test_the_hours_form_refuses_an_activity_out_of_reach(client, demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="孙八", unit=xicheng, phone="13900000001")
    jinghuang = Unit.objects.get(name="京皇社区")  # 汉州街道: outside 雒城街道
    _activities(jinghuang, 1, days_ago=3, title="京皇活动")
    client.force_login(demo_users["street"])
    found = client.get(reverse("community:hours-activities", args=[volunteer.pk]), {"q": "京皇"})
    assert "京皇活动" not in found.content.decode()
    response = client.post(
        reverse("community:hours-log", args=[volunteer.pk]),
        {
            "date": "2024-12-01",
            "hours": "2",
            "activity": Activity.objects.get(title="京皇活动0").pk,
            "description": "服务",
        },
    )
    assert response.status_code == 200 and "activity" in response.context["form"].errors
    assert not VolunteerHours.objects.filter(volunteer=volunteer).exists()
