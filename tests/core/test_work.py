"""The registry of work sources (我的待办): names are unique, sources run in their order, a list
is capped with its total, and the badge's count agrees with the lists."""

import pytest

from gongzhi.core import work
from gongzhi.core.work import (
    LIMIT,
    Urgency,
    WorkItem,
    WorkList,
    capped,
    register_work_source,
    unregister_work_source,
    urgency_of,
    work_count,
    work_for,
    work_sources,
)
from gongzhi.orgs.models import Unit


def test_the_apps_register_their_sources_in_order():
    names = [source.name for source in work_sources()]
    assert names == [
        "smart.alarms",
        "progress.tasks",
        "progress.returned",
        "progress.review",
        "services.reports_to_review",
        "services.reports_to_write",
        "services.quiet_projects",
        "residents.to_handle",
        "residents.overdue_below",
        "funds.to_disburse",
        "activities.decisions",
        "community.hours",
        "selfgov.matters",
        "supervision.reports_to_review",
        "supervision.reports_to_write",
        "supervision.items_to_fix",
        "supervision.items_to_confirm",
        "evaluation.rounds_to_score",
        "evaluation.rounds_to_assess",
    ]


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="progress.tasks"):
        register_work_source("progress.tasks", "again", 99, lambda user, access, today: WorkList())


@pytest.fixture
def extra_source():
    entries = [WorkItem(title=f"事项{n}", url=f"/x/{n}/") for n in range(3)]
    register_work_source(
        "test.extra", "测试", 5, lambda user, access, today: WorkList(entries, total=3)
    )
    yield entries
    unregister_work_source("test.extra")


def test_a_later_module_adds_its_source_the_same_way(extra_source, users, community_user):
    assert work_sources()[0].name == "test.extra"  # order 5 runs before the progress sources
    groups = work_for(community_user)
    assert groups[0].name == "test.extra"
    assert groups[0].work.items == extra_source
    # a source without a count query is listed to be counted
    assert work_count(users["third_party"]) == 3


def test_a_source_with_nothing_is_left_out(users):
    assert work_for(users["third_party"]) == []
    assert work_count(users["third_party"]) == 0


def test_capped_lists_the_first_entries_and_counts_them_all(tree, django_assert_num_queries):
    for n in range(LIMIT + 5):
        Unit.objects.add_unit(tree.community_b1, name=f"网格{n}", kind="grid")
    grids = Unit.objects.filter(kind="grid").order_by("path")
    with django_assert_num_queries(2):
        listed = capped(grids, lambda unit: WorkItem(title=unit.name, url="/"), more_url="/more/")
    assert (len(listed.items), listed.total, listed.more) == (LIMIT, LIMIT + 6, 6)
    assert listed.more_url == "/more/"


def test_count_together_sums_in_one_query(tree, django_assert_num_queries):
    querysets = [Unit.objects.filter(kind="community"), Unit.objects.filter(kind="street")]
    with django_assert_num_queries(1):
        assert work.count_together(querysets) == 3 + 2
    assert work.count_together([]) == 0


def test_urgency_from_the_due_date():
    import datetime

    today = datetime.date(2024, 10, 20)
    assert urgency_of(datetime.date(2024, 10, 19), today) == Urgency.OVERDUE
    assert urgency_of(today, today) == Urgency.DUE_SOON
    assert urgency_of(datetime.date(2024, 11, 3), today) == Urgency.DUE_SOON
    assert urgency_of(datetime.date(2024, 11, 4), today) == Urgency.WAITING
    assert urgency_of(None, today) == Urgency.WAITING


def test_totals_stop_counting_at_the_cap_and_read_as_more_than(tree, monkeypatch):
    """A province's overdue records are not counted one by one on every page: each source's
    total stops at COUNT_CAP, and the badge then reads "999+"."""
    monkeypatch.setattr(work, "COUNT_CAP", 4)
    units = Unit.objects.order_by("path")
    assert units.count() > 4
    listed = capped(units, lambda unit: WorkItem(title=unit.name, url="/"))
    assert (listed.total, listed.total_label) == (4, "3+")
    assert work.count_together([units, units.filter(kind="street")]) == 4 + 2
    assert [work.count_label(n) for n in (0, 3, 4, 9)] == ["0", "3", "3+", "3+"]
