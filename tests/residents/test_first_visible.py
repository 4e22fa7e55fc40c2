"""The 督办 list and its badge read a need through each of its two links (the community it was
raised in, the unit handling it) one at a time, first N of each, so a street's count at province
starts from its own communities (ScopedQuerySet.first_visible). Whatever the needs, the first N
and the capped count equal what the plain scope (one OR over both links) gives."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core.roles import Perm, Role
from gongzhi.core.work import work_count, work_for
from gongzhi.residents.models import Need
from tests.residents.helpers import write_needs

TODAY = timezone.localdate()
UNITS = ("community_a1", "community_a2", "community_b1", "street_a", "street_b", "civil")
COMMUNITIES = UNITS[:3]

need_rows = st.lists(
    st.tuples(
        st.sampled_from(COMMUNITIES),
        st.sampled_from(UNITS),
        st.integers(min_value=-6, max_value=2),
        st.sampled_from(Need.State.values),
    ),
    max_size=14,
)


def _write(tree, rows) -> None:
    now = timezone.now()
    write_needs(
        tree,
        [
            (community, handler, state, TODAY + datetime.timedelta(days=offset), now)
            for community, handler, offset, state in rows
        ],
    )


def _overdue(user):
    return Need.objects.filter(state__in=Need.OPEN, due__lt=TODAY).exclude(handler=user.seat)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(need_rows, st.integers(min_value=1, max_value=4))
def test_the_first_needs_and_their_count_equal_the_plain_scope(users, tree, rows, count):
    _write(tree, rows)
    for role in (Role.STREET, Role.COMMUNITY, Role.PROGRAM_OFFICE):
        user = users[role]
        user.seat = user.grants.get().unit
        plain = _overdue(user).visible_to(user, Perm.HANDLE_NEEDS).order_by("due", "pk")
        first = _overdue(user).first_visible(user, Perm.HANDLE_NEEDS, ("due", "pk"), count)
        assert list(first[:count]) == list(plain[:count]), role
        assert min(first.count(), count) == min(plain.count(), count), role


def test_each_link_is_read_on_its_own_with_its_limit(street_user):
    first = Need.objects.first_visible(street_user, Perm.HANDLE_NEEDS, ("due", "pk"), 7)
    sql = str(first.query).upper()
    assert sql.count("LIMIT 7") == 2 and ("UNION" in sql or connection.vendor == "sqlite")


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_user_without_reach_gets_nothing(tree, signed_in, django_user_model):
    _write(tree, [("community_a1", "community_a1", -1, Need.State.SUBMITTED)])
    user = django_user_model.objects.create_user(username="outsider", password="x" * 12)
    user = user if signed_in else AnonymousUser()
    assert not Need.objects.first_visible(user, Perm.HANDLE_NEEDS, ("due",), 5).exists()


def test_the_street_lists_and_counts_the_overdue_needs_below_it(tree, street_user):
    rows = [
        ("community_a1", "community_a1", -3 - index, Need.State.ACCEPTED) for index in range(25)
    ]
    rows += [("community_b1", "community_a2", -1, Need.State.SUBMITTED)]  # handed to a1's street
    rows += [("community_b1", "community_b1", -9, Need.State.SUBMITTED)]  # another street's
    _write(tree, rows)
    street = type(street_user).objects.get(pk=street_user.pk)
    group = next(g for g in work_for(street) if g.name == "residents.overdue_below")
    assert group.work.total == 26 and len(group.work.items) == 20
    oldest = Need.objects.filter(community=tree.community_a1).order_by("due").first()
    assert group.work.items[0].url == oldest.get_absolute_url()
    assert work_count(type(street_user).objects.get(pk=street_user.pk)) == sum(
        g.work.total for g in work_for(street)
    )
