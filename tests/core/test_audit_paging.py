"""The audit log pages by (time, id), newest first: every entry once, either way, filters kept,
and no page counts the log or costs more than the first."""

import datetime
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.models import AuditEntry
from gongzhi.core.paging import decode_cursor, encode_cursor

URL = reverse("core:audit-list")


def _bulk(unit, n, message="批量", at=None):
    """n entries written in one statement; given `at`, they share that time, so only the id
    orders them (the entries' time is set on saving: the clock is stopped meanwhile)."""
    with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
        AuditEntry.objects.bulk_create(
            AuditEntry(action=Action.UPDATE, unit=unit, message=f"{message}{i}") for i in range(n)
        )


def _get(client, query=""):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"{URL}?{query}")
    assert page.status_code == 200
    audit_sql = [q["sql"].upper() for q in captured if "AUDITENTRY" in q["sql"].upper()]
    assert audit_sql and not any("COUNT(" in sql or "OFFSET" in sql for sql in audit_sql)
    return page, len(captured)


def test_cursors_are_exact_to_the_microsecond():
    moment = datetime.datetime(2024, 12, 18, 8, 30, 1, 123457, tzinfo=datetime.UTC)
    assert decode_cursor(encode_cursor(moment, 42)) == (moment, 42)
    assert decode_cursor("x.1") is None and decode_cursor("") is None


def test_the_log_walks_every_entry_once_each_way(client, tree, office):
    _bulk(tree.community_a1, 70, at=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    _bulk(tree.community_a1, 70)
    for i in range(5):
        audit_record(actor=None, action=Action.EXPORT, unit=tree.community_a1, message=f"单条{i}")
    client.force_login(office)
    _get(client)  # the first request after login records the session's activity
    expected = list(AuditEntry.objects.order_by("-at", "-pk").values_list("pk", flat=True))
    seen, query, costs, pages = [], "", [], []
    while query is not None:
        page, cost = _get(client, query)
        seen += [entry.pk for entry in page.context["object_list"]]
        costs.append(cost)
        pages.append(page)
        query = page.context["page_obj"].older_query
    assert seen == expected
    assert len(set(costs[:-1])) == 1  # a deep page costs what the first does
    assert all(len(p.context["object_list"]) <= p.context["view"].paginate_by for p in pages)
    back = []
    query = pages[-1].context["page_obj"].newer_query
    back = [entry.pk for entry in pages[-1].context["object_list"]][::-1]
    while query is not None:
        page, _cost = _get(client, query)
        back += [entry.pk for entry in page.context["object_list"]][::-1]
        query = page.context["page_obj"].newer_query
    assert back[::-1] == expected


def test_the_pages_keep_the_search(client, tree, office):
    _bulk(tree.community_a1, 60, message="导出台账")
    _bulk(tree.community_a1, 60, message="改名")
    client.force_login(office)
    first, _cost = _get(client, "q=导出台账")
    older = first.context["page_obj"].older_query
    assert "q=" in older and "before=" in older
    second, _cost = _get(client, older)
    shown = first.context["object_list"] + second.context["object_list"]
    assert len(shown) == 60 and all(e.message.startswith("导出台账") for e in shown)
    assert second.context["page_obj"].older_query is None
    assert 'rel="prev"' in second.content.decode()
