"""The detail and public pages cost the same number of queries however many steps, files,
notices and list items they show; the numbers are pinned."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.selfgov.models import Attachment, DutyList, Matter, Step, StepKind

PINNED = {"matter": 9, "duty": 7, "public": 6}


def _matter(unit, user, steps):
    matter = Matter.objects.create(
        unit=unit, title="事项", kind="project", created_by=user, steps_done=steps
    )
    for kind in list(StepKind)[:steps]:
        step = Step.objects.create(
            matter=matter,
            kind=kind,
            date=datetime.date(2024, 3, kind),
            ends_on=datetime.date(2024, 3, 20) if kind >= 5 else None,
            text="记录",
            recorded_by=user,
        )
        for _ in range(2):
            Attachment.objects.create(
                unit=unit,
                step=step,
                name="a.pdf",
                content_type="application/pdf",
                size=1,
                uploaded_by=user,
            )
    return matter


def _duty_list(unit, user, items, kind="lawful"):
    duty_list = DutyList.objects.create(
        unit=unit, kind=kind, adopted_on="2024-04-01", created_by=user
    )
    for n in range(1, items + 1):
        duty_list.items.create(number=n, text=f"事项{n}", basis="依据")
    return duty_list


def _queries(client, url):
    client.get(url)  # the first request after login records the session's activity
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", sorted(PINNED))
def test_page_cost_is_pinned(client, tree, community_user, page):
    small_unit, large_unit = tree.community_a1, tree.community_a2
    if page != "public":
        client.force_login(community_user)
    if page == "matter":
        small = _matter(small_unit, community_user, 1).get_absolute_url()
        large = _matter(small_unit, community_user, 6).get_absolute_url()
    elif page == "duty":
        small = _duty_list(small_unit, community_user, 1).get_absolute_url()
        large = _duty_list(small_unit, community_user, 30, "assist").get_absolute_url()
    else:
        _matter(small_unit, community_user, 5)
        _duty_list(small_unit, community_user, 2)
        small = reverse("selfgov:public", args=[small_unit.pk])
        for _ in range(5):
            _matter(large_unit, community_user, 6)
        _duty_list(large_unit, community_user, 30)
        large = reverse("selfgov:public", args=[large_unit.pk])
    assert (_queries(client, small), _queries(client, large)) == (PINNED[page], PINNED[page])
