"""A counter counts any number of units in one grouped query per depth: counting ten times the
communities (and the records in them) costs the same queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.community.models import Station
from gongzhi.orgs.models import Unit
from gongzhi.programs import counters

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number: int) -> str:
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits


def _communities(street, count: int) -> list[Unit]:
    """`count` communities under `street`, written in bulk, with a station in every third."""
    Unit.objects.bulk_create(
        Unit(
            path=street.path + _step(n + 1),
            depth=street.depth + 1,
            name=f"第{n}社区",
            kind="community",
        )
        for n in range(count)
    )
    units = list(Unit.objects.filter(path__startswith=street.path, depth=street.depth + 1))
    Station.objects.bulk_create(
        Station(name=f"{unit.name}社工室", kind="room", unit=unit) for unit in units[::3]
    )
    return units


def _queries(units) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        counts = counters.count_in_subtrees(Station.objects.all(), "unit__path", units)
    return len(queries), counts


@pytest.mark.parametrize("few", [40, 600])
def test_ten_times_the_units_cost_the_same_queries(db, few):
    region = Unit.objects.add_unit(None, name="某市", kind="county")
    small_street = Unit.objects.add_unit(region, name="甲街道", kind="street")
    large_street = Unit.objects.add_unit(region, name="乙街道", kind="street")
    small = _communities(small_street, few)
    large = _communities(large_street, few * 10)
    small_queries, small_counts = _queries([*small, small_street, region])
    large_queries, large_counts = _queries([*large, large_street, region])
    assert small_queries == large_queries == 3  # one per depth
    assert sum(large_counts[unit.pk] for unit in large) == large_counts[large_street.pk]
    assert large_counts[large_street.pk] == len(large[::3])
    assert small_counts[region.pk] == large_counts[region.pk] == len(small[::3]) + len(large[::3])
