"""List pages cost the same number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit
from tests.conftest import make_user


def _grow(tree, n):
    """Add n communities, each with a user, and n audit entries."""
    start = Unit.objects.count()
    for i in range(n):
        community = Unit.objects.add_unit(
            tree.street_b, name=f"新社区{start + i}", kind="community"
        )
        make_user(f"grow_{start + i}", Role.COMMUNITY, community)
        audit_record(actor=None, action=Action.UPDATE, unit=community, message=f"m{i}")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


PAGES = {
    "dashboards:home": 11,
    "orgs:unit-list": 7,
    "accounts:user-list": 8,
    "core:audit-list": 7,
    "orgs:working-group": 6,
}


@pytest.mark.parametrize(("name", "pinned"), sorted(PAGES.items()))
def test_page_cost_does_not_grow_with_data(client, tree, office, name, pinned):
    client.force_login(office)
    url = reverse(name)
    _count(client, url)  # warm the session
    _grow(tree, 3)
    small = _count(client, url)
    _grow(tree, 30)
    large = _count(client, url)
    assert small == large
    assert large == pinned, f"{name} now takes {large} queries"


def test_unit_detail_cost_does_not_grow_with_children(client, tree, office):
    client.force_login(office)
    url = reverse("orgs:unit-detail", args=[tree.street_b.pk])
    _count(client, url)
    _grow(tree, 3)
    small = _count(client, url)
    _grow(tree, 20)
    assert _count(client, url) == small
