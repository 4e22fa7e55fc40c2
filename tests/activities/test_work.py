"""The activities work source: open decisions my unit owns, overdue first."""

import datetime

from gongzhi.activities import work
from gongzhi.activities.models import Decision
from gongzhi.core.access import access_for
from tests.conftest import make_meeting


def test_open_decisions_of_my_unit_overdue_first(tree, users, community_user):
    meeting = make_meeting(tree.street_a, users["street"])
    start = meeting.starts_at
    later = Decision.objects.create(
        activity=meeting, text="后", owner=tree.community_a1, due="2024-12-01"
    )
    first = Decision.objects.create(
        activity=meeting, text="先", owner=tree.community_a1, due="2024-05-01"
    )
    Decision.objects.create(
        activity=meeting, text="办结", owner=tree.community_a1, due="2024-05-01", closed_at=start
    )
    Decision.objects.create(
        activity=meeting, text="邻居", owner=tree.community_a2, due="2024-05-01"
    )
    today = datetime.date(2024, 6, 1)
    listed = work.my_decisions(community_user, access_for(community_user), today)
    assert [(item.title, item.urgency) for item in listed.items] == [
        (first.text, "overdue"),
        (later.text, "waiting"),
    ]
    assert listed.items[0].url == meeting.get_absolute_url()
    assert listed.total == 2
    # the organising street sees them all, but owns none: nothing to do for it
    street = users["street"]
    assert work.my_decisions(street, access_for(street), today).total == 0
