"""Cases and publicity count into the program (task 9, §六(四)) by their own counters, separate
from the publicity activities counted by activities.count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.programs import counters
from tests.cases.helpers import author_in, make_case, make_publicity


@pytest.fixture
def author(tree):
    return author_in(tree.civil)


def _count(name, program, units, **args):
    return counters.get(name).compute(program, units, args)


def test_cases_count_in_each_subtree_within_the_program_year(tree, program, author):
    make_case(tree.community_a1, author=author)
    make_case(tree.community_a2, author=author, public=True, type="elderly")
    make_case(tree.community_b1, author=author)
    make_case(tree.community_a1, author=author, date=datetime.date(2023, 12, 31))  # other year
    units = [tree.street_a, tree.street_b, tree.community_a1, tree.region]
    counted = _count("cases.cases", program, units)
    assert counted == {
        tree.street_a.pk: 2,
        tree.street_b.pk: 1,
        tree.community_a1.pk: 1,
        tree.region.pk: 3,
    }
    assert _count("cases.cases", program, units, public=True)[tree.street_a.pk] == 1
    assert _count("cases.cases", program, units, type="elderly")[tree.region.pk] == 1


def test_publicity_counts_by_level_and_kind(tree, program, author):
    make_publicity(tree.community_a1, author=author, media_level="province")
    make_publicity(tree.community_a1, author=author, kind="video")
    make_publicity(tree.street_b, author=author)
    units = [tree.street_a, tree.street_b]
    assert _count("cases.publicity", program, units) == {tree.street_a.pk: 2, tree.street_b.pk: 1}
    assert _count("cases.publicity", program, units, media_level="province") == {
        tree.street_a.pk: 1,
        tree.street_b.pk: 0,
    }
    assert _count("cases.publicity", program, units, kind="video")[tree.street_a.pk] == 1


def test_a_report_dated_in_the_future_is_not_counted_yet(tree, program, author, settings):
    settings.GZ_DEMO_TODAY = "2024-07-01"
    make_publicity(tree.community_a1, author=author, date=datetime.date(2024, 8, 1))
    assert _count("cases.publicity", program, [tree.street_a])[tree.street_a.pk] == 0


def test_records_click_through_to_what_was_counted(tree, program, author):
    case = make_case(tree.community_a1, author=author)
    make_case(tree.community_b1, author=author)
    records = counters.get("cases.cases").records(program, tree.street_a, {})
    assert list(records) == [case]


def test_arguments_are_checked_against_the_lists(db):
    counter = counters.get("cases.publicity")
    assert counter.check_args({"media_level": "province"}) == []
    assert counter.check_args({"media_level": "galaxy"})
    assert counters.get("cases.cases").check_args({"public": "yes"})


@pytest.mark.parametrize("name", ["cases.cases", "cases.publicity"])
def test_the_cost_does_not_grow_with_the_units(tree, program, author, name):
    units = [tree.community_a1, tree.community_a2, tree.community_b1]
    with CaptureQueriesContext(connection) as few:
        _count(name, program, units[:1])
    with CaptureQueriesContext(connection) as many:
        _count(name, program, units)
    assert len(few) == len(many)
