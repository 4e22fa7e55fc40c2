"""The audit log exported: the list page's filters, readable cells, Chinese names, the office
only, and the export itself audited; its cost does not grow with the entries."""

import io
from urllib.parse import quote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.models import AuditEntry

URL = reverse("core:audit-export")


def _rows(response):
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["审计日志"]
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_export_follows_the_list_filters_and_reads_as_the_pages(client, tree, office):
    before = snapshot(tree.street_a)
    tree.street_a.name, tree.street_a.is_active = "甲街道（新）", False
    audit_record(
        actor=office,
        action=Action.UPDATE,
        obj=tree.street_a,
        before=before,
        after=snapshot(tree.street_a),
    )
    audit_record(actor=office, action=Action.LOGIN, unit=tree.civil, message="登录")
    client.force_login(office)
    response = client.get(URL, {"action": "update"})
    filename = f"审计日志-{timezone.localdate():%Y-%m-%d}.xlsx"
    assert quote(filename) in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[0] == "时间（北京时间）" and header[-1] == "变更内容"
    assert len(rows) == 1
    (row,) = rows
    assert row[4] == "修改" and row[5] == "单位" and row[6] == "甲街道（新）"
    assert "名称：甲街道 → 甲街道（新）" in row[9] and "是 → 否" in row[9]
    exported = AuditEntry.objects.get(action=Action.EXPORT)
    assert exported.actor == office
    assert exported.message == "导出审计日志（1 条；筛选：操作：修改）"


def test_only_the_office_exports_the_log(client, street_user):
    client.force_login(street_user)
    assert client.get(URL).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_bad_filters_lead_back_to_the_list(client, office):
    client.force_login(office)
    response = client.get(URL, {"since": "not-a-date"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:audit-list"))


def test_the_list_offers_the_export_to_the_office_only(client, office, street_user):
    client.force_login(office)
    assert URL in client.get(reverse("core:audit-list")).content.decode()
    client.force_login(street_user)
    assert URL not in client.get(reverse("core:audit-list")).content.decode()


def _export_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_export_cost_does_not_grow_with_the_entries(client, tree, office):
    client.force_login(office)
    client.get(reverse("core:audit-list"))  # the first request after login records the session
    for unit in (tree.street_a, tree.street_b):
        before = snapshot(unit)
        audit_record(actor=office, action=Action.UPDATE, obj=unit, before=before, after=before)
    small = _export_queries(client)
    for _ in range(30):
        audit_record(actor=office, action=Action.UPDATE, obj=tree.street_a, message="m")
    assert (small, _export_queries(client)) == (8, 8)
