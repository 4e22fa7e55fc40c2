"""A unit's statistic for a year: its own latest value, else its communities' sum, else None."""

from decimal import Decimal

import pytest

from gongzhi.orgs.models import Unit, UnitStatistics
from gongzhi.orgs.statistics import Statistic, statistic_values

pytestmark = pytest.mark.django_db


def _record(unit, year, **values):
    return UnitStatistics.objects.create(unit=unit, year=year, **values)


@pytest.fixture
def figures(tree):
    _record(tree.community_a1, 2022, residents=1000, households=400, area_km2=Decimal("1.5"))
    _record(tree.community_a1, 2024, residents=1200)  # households not recorded in 2024
    _record(tree.community_a2, 2023, residents=800, households=300)
    _record(tree.community_b1, 2025, residents=500)  # later than the year asked
    _record(tree.street_b, 2021, residents=9999)  # the street's own figure wins
    return tree


def test_own_values_come_from_the_latest_year_that_records_them(figures):
    tree = figures
    residents = statistic_values([tree.community_a1], Statistic.RESIDENTS, 2024)
    assert residents == {tree.community_a1.pk: Decimal(1200)}
    households = statistic_values([tree.community_a1], "households", 2024)
    assert households == {tree.community_a1.pk: Decimal(400)}
    assert statistic_values([tree.community_a1], "residents", 2023) == {
        tree.community_a1.pk: Decimal(1000)
    }


def test_a_unit_without_a_value_sums_its_communities(figures):
    tree = figures
    values = statistic_values(
        [tree.region, tree.street_a, tree.street_b, tree.civil], "residents", 2024
    )
    assert values == {
        tree.region.pk: Decimal(2000),  # 1200 + 800; 乙一社区 only records 2025
        tree.street_a.pk: Decimal(2000),
        tree.street_b.pk: Decimal(9999),
        tree.civil.pk: None,
    }
    assert statistic_values([tree.region], "area_km2", 2024) == {tree.region.pk: Decimal("1.5")}


def test_nothing_recorded_is_none(figures):
    tree = figures
    assert statistic_values([tree.street_a, tree.grid_a1], "residents", 2020) == {
        tree.street_a.pk: None,
        tree.grid_a1.pk: None,
    }


def test_an_unknown_statistic_is_refused(figures):
    with pytest.raises(ValueError):
        statistic_values([figures.region], "income", 2024)


def test_the_number_of_queries_does_not_grow_with_the_units(figures, django_assert_num_queries):
    street = figures.street_b
    for index in range(30):
        community = Unit.objects.add_unit(street, name=f"新社区{index}", kind="community")
        _record(community, 2024, residents=10)
    units = Unit.objects.filter(kind__in=["county", "street", "community", "department"])
    with django_assert_num_queries(3):
        values = statistic_values(units, "residents", 2024)
    assert len(values) == units.count()
    assert values[figures.region.pk] == Decimal(2300)
