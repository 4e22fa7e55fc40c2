"""The fund page, the recording forms, the ledger (scoped) and its export, and 市财政局's
to-dos."""

import io
from decimal import Decimal
from urllib.parse import unquote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.funds.models import EntryFile, FundEntry
from gongzhi.funds.services import entry_record
from tests.funds.conftest import budget, entry
from tests.services.conftest import make_project

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def voucher(name="拨付凭证.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def funded(project, office, finance_user, community_user):
    budget(project, "province", "20000", office)
    budget(project, "city", "5000.50", office, item="活动经费")
    entry_record(actor=finance_user, entry=entry(project, "allocation", "10000"))
    entry_record(actor=finance_user, entry=entry(project, "disbursement", "6000"))
    entry_record(actor=community_user, entry=entry(project, "spending", "2500.25"))
    return project


def test_the_fund_page_shows_budget_against_money_by_source_and_in_total(client, funded, users):
    client.force_login(users[Role.AGENCY])
    response = client.get(reverse("funds:project", args=[funded.pk]))
    assert response.status_code == 200
    rows = dict(response.context["sources"])
    assert rows["省级补助"].spent == Decimal("2500.25")
    total = response.context["total"]
    assert (total.budget, total.allocated, total.disbursed, total.spent) == (
        Decimal("25000.50"),
        Decimal("10000.00"),
        Decimal("6000.00"),
        Decimal("2500.25"),
    )
    assert not response.context["can_disburse"] and not response.context["can_spend"]
    assert "25,000.50" in response.content.decode()


def test_finance_disburses_with_a_voucher(client, funded, finance_user):
    client.force_login(finance_user)
    url = reverse("funds:disburse", args=[funded.pk])
    data = {"source": "province", "amount": "4000.00", "date": "2024-07-01", "note": "二期"}
    response = client.post(url, {**data, "files": voucher()})
    assert response.status_code == 302
    done = FundEntry.objects.get(kind="disbursement", note="二期")
    assert done.created_by == finance_user and done.amount == Decimal("4000.00")
    assert EntryFile.objects.get(entry=done).name == "拨付凭证.pdf"


def test_a_disbursement_beyond_is_refused_on_the_form_with_its_numbers(
    client, funded, finance_user
):
    client.force_login(finance_user)
    url = reverse("funds:disburse", args=[funded.pk])
    data = {"source": "province", "amount": "4000.01", "date": "2024-07-01", "files": voucher()}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "拨付后累计 10,000.01 元，超出已分配 10,000.00 元。" in response.content.decode()
    assert FundEntry.objects.filter(kind="disbursement").count() == 1
    assert not EntryFile.objects.exists()


def test_spending_needs_an_invoice(client, funded, community_user):
    client.force_login(community_user)
    url = reverse("funds:spend", args=[funded.pk])
    response = client.post(url, {"source": "province", "amount": "1", "date": "2024-07-01"})
    assert response.status_code == 200 and response.context["form"].errors["files"]
    assert "override_reason" not in response.context["form"].fields


def test_the_ledger_is_scoped_to_the_buyer(client, funded, tree, program, office, users):
    other = make_project(program, tree.community_a2, tree.agency_b, office)
    budget(other, "street", "100", office)
    entry_record(actor=users[Role.FINANCE], entry=entry(other, "allocation", "100", "street"))
    client.force_login(users[Role.COMMUNITY])
    listed = client.get(reverse("funds:ledger")).context["object_list"]
    assert {e.project_id for e in listed} == {funded.pk}
    client.force_login(users[Role.FINANCE])
    listed = client.get(reverse("funds:ledger")).context["object_list"]
    assert {e.project_id for e in listed} == {funded.pk, other.pk}


def test_the_ledger_export_is_a_chinese_workbook_and_audited(client, funded, finance_user):
    client.force_login(finance_user)
    response = client.get(reverse("funds:ledger-export"), {"kind": "spending"})
    assert response.status_code == 200
    assert "资金台账" in unquote(response["Content-Disposition"])
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "资金台账"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][5] == "金额（元）"
    assert [row[4] for row in rows[1:]] == ["支出"] and rows[1][5] == 2500.25
    assert AuditEntry.objects.filter(action="export", message__contains="资金台账").exists()


def test_finance_sees_allocations_not_yet_disbursed_on_its_home(client, funded, finance_user):
    client.force_login(finance_user)
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "已分配 10,000.00 元，已拨付 6,000.00 元" in page
    entry_record(actor=finance_user, entry=entry(funded, "disbursement", "4000"))
    page = client.get(reverse("dashboards:home")).content.decode()
    assert "待拨付的资金" not in page


def test_the_service_project_links_its_money(client, funded, community_user):
    client.force_login(community_user)
    page = client.get(reverse("services:project-detail", args=[funded.pk])).content.decode()
    assert reverse("funds:project", args=[funded.pk]) in page


def test_the_ledger_sums_budget_and_money_per_unit_on_the_page_and_in_the_export(
    client, funded, tree, program, office, finance_user
):
    other = make_project(program, tree.community_a2, tree.agency_b, office)
    budget(other, "street", "300", office)
    entry_record(actor=finance_user, entry=entry(other, "allocation", "120.10", "street"))
    client.force_login(finance_user)
    page = client.get(reverse("funds:ledger"))
    by_unit = dict(page.context["by_unit"])
    mine, theirs = by_unit[tree.community_a1.name], by_unit[tree.community_a2.name]
    assert (mine.budget, mine.allocated, mine.disbursed, mine.spent) == (
        Decimal("25000.50"),
        Decimal("10000.00"),
        Decimal("6000.00"),
        Decimal("2500.25"),
    )
    assert (theirs.budget, theirs.allocated, theirs.spent) == (
        Decimal("300.00"),
        Decimal("120.10"),
        Decimal("0"),
    )
    assert page.context["unit_total"].budget == Decimal("25300.50")
    assert "25,300.50" in page.text and "10%" in page.text  # 2500.25 of 25000.50
    export = client.get(reverse("funds:ledger-export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content))["按单位汇总"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[tree.community_a1.name][:4] == (25000.5, 10000, 6000, 2500.25)
    assert rows[tree.community_a1.name][4] == pytest.approx(0.1)
    assert rows[tree.community_a2.name] == (300, 120.1, 0, 0, 0)


def test_finance_reverses_a_disbursement_on_the_fund_page(client, funded, finance_user):
    disbursement = FundEntry.objects.get(kind="disbursement")
    client.force_login(finance_user)
    page = client.get(reverse("funds:project", args=[funded.pk]))
    url = reverse("funds:entry-reverse", args=[disbursement.pk])
    assert url in page.text
    form = client.get(url).context["form"]
    assert form.initial["amount"] == Decimal("6000.00")
    refused = client.post(url, {"amount": "4000", "date": "2024-07-01", "reason": "金额录错"})
    assert "少于已支出 2,500.25 元" in refused.text  # 6000 − 4000 < 2500.25
    missing = client.post(url, {"amount": "1000", "date": "2024-07-01", "reason": ""})
    assert missing.context["form"].errors["reason"]
    client.post(url, {"amount": "1000", "date": "2024-07-01", "reason": "金额录错"})
    reversal = FundEntry.objects.get(reverses=disbursement)
    assert reversal.amount == Decimal("-1000.00") and reversal.reason == "金额录错"
    page = client.get(reverse("funds:project", args=[funded.pk]))
    assert page.context["total"].disbursed == Decimal("5000.00")
    assert "冲销后余 5,000.00 元" in page.text and "金额录错" in page.text
    assert reverse("funds:entry-reverse", args=[reversal.pk]) not in page.text
    assert client.get(reverse("funds:entry-reverse", args=[reversal.pk])).status_code == 403
