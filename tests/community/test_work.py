"""The community work source: logged hours waiting for their organiser's confirmation."""

import datetime

from django.utils import timezone

from gongzhi.community import work
from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.core.access import access_for
from tests.conftest import make_meeting

TODAY = datetime.date(2024, 6, 1)


def _hours(volunteer, user, activity=None, confirmed=False):
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        activity=activity,
        date="2024-05-01",
        hours=3,
        logged_by=user,
        confirmed_by=user if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )


def test_hours_wait_for_the_organiser(tree, users, community_user, street_user):
    volunteer = Volunteer.objects.create(name="张三", unit=tree.community_a1, phone="13900000001")
    neighbour = Volunteer.objects.create(name="李四", unit=tree.community_a2, phone="13900000002")
    training = make_meeting(tree.street_a, street_user, "街道培训", "training")
    own = _hours(volunteer, community_user)
    _hours(volunteer, community_user, confirmed=True)
    _hours(neighbour, community_user)
    at_training = _hours(volunteer, street_user, activity=training)

    mine = work.my_hours(community_user, access_for(community_user), TODAY)
    assert [item.url for item in mine.items] == [volunteer.get_absolute_url()]
    assert "张三" in mine.items[0].title and mine.total == 1
    street = work.my_hours(street_user, access_for(street_user), TODAY)
    assert street.total == 1 and "街道培训" in street.items[0].detail
    assert {own.pk, at_training.pk} == set(
        work.my_hours_queryset(community_user, access_for(community_user), TODAY).values_list(
            "pk", flat=True
        )
    ) | set(
        work.my_hours_queryset(street_user, access_for(street_user), TODAY).values_list(
            "pk", flat=True
        )
    )
    # a third party confirms nothing
    third = users["third_party"]
    assert work.my_hours_queryset(third, access_for(third), TODAY) is None
