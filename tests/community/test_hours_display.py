"""Hours read as people write them: 3 小时, 2.5 小时 — never 3.0h."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.orgs.models import Unit


@pytest.mark.parametrize(
    "value, shown",
    [
        (Decimal("3.0"), "3"),
        (Decimal("2.5"), "2.5"),
        (Decimal("2.50"), "2.5"),
        (3.0, "3"),
        (12, "12"),
        (Decimal("100"), "100"),
        (Decimal("0.0"), "0"),
        (None, "None"),
        ("—", "—"),
    ],
)
def test_numbers_lose_their_trailing_zeros(value, shown):
    assert Template("{{ value|number }}").render(Context({"value": value})) == shown


def test_the_volunteer_page_and_list_show_hours_without_a_trailing_zero(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    volunteer = Volunteer.objects.create(name="孙八", unit=xicheng, phone="13900000001")
    community = demo_users["community"]
    for hours in (Decimal("3.0"), Decimal("2.5")):
        VolunteerHours.objects.create(
            volunteer=volunteer,
            date=datetime.date(2024, 5, 1),
            hours=hours,
            description="助老服务",
            logged_by=community,
            confirmed_by=demo_users["street"],
            confirmed_at=timezone.now(),
        )
    client.force_login(community)
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert '<span data-testid="hours">3 小时</span>' in page
    assert '<span data-testid="hours">2.5 小时</span>' in page
    assert '<span data-testid="total">5.5</span>' in page
    assert "3.0" not in page
    listing = client.get(reverse("community:volunteer-list")).content.decode()
    assert "<td>5.5</td>" in listing and "5.5 小时" in listing
