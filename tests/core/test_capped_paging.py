"""A list counts its rows only up to a cap: an office's list of millions pays for reading the cap's
worth of ids, not for counting millions (the paginator's COUNT over 7 M volunteers took 2.7 s)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.community.models import Volunteer
from gongzhi.core import paging
from gongzhi.core.paging import CappedPaginator


def _volunteers(unit, count):
    Volunteer.objects.bulk_create(
        Volunteer(name=f"志愿者{k}", unit=unit, phone=f"139{k:08d}") for k in range(count)
    )


def test_past_the_cap_the_count_stops_and_says_so(tree, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    _volunteers(tree.community_a1, 5)
    paginator = CappedPaginator(Volunteer.objects.order_by("name"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.over_cap, paginator.num_pages) == (3, True, 2)
    (sql,) = [query["sql"].upper() for query in queries]
    assert "LIMIT 4" in sql and "ORDER BY" not in sql


def test_under_the_cap_the_count_is_exact(tree, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    _volunteers(tree.community_a1, 3)
    paginator = CappedPaginator(Volunteer.objects.all(), 2)
    assert (paginator.count, paginator.over_cap, paginator.num_pages) == (3, False, 2)
    assert CappedPaginator([1, 2], 2).count == 2


def test_a_list_past_the_cap_tells_the_user_to_narrow_it(client, tree, office, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 60)
    _volunteers(tree.community_a1, 70)
    client.force_login(office)
    html = client.get(reverse("community:volunteer-list")).content.decode()
    assert "第 1 / 2 页，超过 60 条，可用筛选缩小范围" in html
    assert client.get(reverse("community:volunteer-list") + "?page=3").status_code == 404
    narrowed = client.get(reverse("community:volunteer-list") + "?q=志愿者1").content.decode()
    assert "超过" not in narrowed
