"""The round's page, its Excel and printable sheets, and the table's page cost the same number
of queries whatever the number of items, scores and evidence."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.evaluation import services
from gongzhi.evaluation.models import Category, EvidenceLink, Item, ItemScore
from tests.activities.test_signin import make_activity

PAGES = ["evaluation:round-detail", "evaluation:round-excel", "evaluation:round-print"]


@pytest.fixture
def round(table, program, tree, office):
    return services.round_create(
        actor=office, program=program, unit=tree.community_a1, third_party=tree.evaluator_a
    )


def _grow(round, user, n=10):
    category = Category.objects.create(table=round.table, order=99, name="新增类别")
    activity = make_activity(unit=round.unit, title="佐证活动")
    for number in range(n):
        item = Item.objects.create(
            category=category, order=number, code=f"X{number}", name="新增项", points=D(1)
        )
        score = ItemScore.objects.create(round=round, item=item, self_points=D(1))
        EvidenceLink.objects.create(
            score=score,
            kind="activities.activity",
            object_id=activity.pk,
            label="佐证活动",
            added_by=user,
        )


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", PAGES)
def test_round_pages_cost_the_same_whatever_the_items(client, round, community_user, name):
    client.force_login(community_user)
    url = reverse(name, args=[round.pk])
    client.get(url)
    before = _queries(client, url)
    _grow(round, community_user)
    assert _queries(client, url) == before


def test_the_table_page_costs_the_same_whatever_the_items(client, round, office):
    client.force_login(office)
    url = reverse("evaluation:table-detail", args=[round.table_id])
    client.get(url)
    before = _queries(client, url)
    _grow(round, office)
    assert _queries(client, url) == before
