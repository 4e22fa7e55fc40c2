"""In a browser, as people would, on the demo history: the agency submits 西城社区's mid-term
report (statistics counted from its social workers' logs) from a phone, the community confirms
it with an opinion, 雒城街道 reviews it, the office accepts it and it is locked; the third party
records a visit whose item the agency fixes and the third party closes; 市财政局 disburses with a
voucher and the fund page shows spend against budget by source."""

from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from gongzhi.demo.services import TITLE
from gongzhi.funds.selectors import project_totals
from gongzhi.services.models import ServiceProject
from gongzhi.supervision.models import SupervisionAssignment
from tests.e2e.browser import press

PHONE = {"width": 390, "height": 844}
MIDTERM = ("2024-03-01", "2024-06-30")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def history(transactional_db):
    """The whole demo history, committed, for the live server's threads."""
    from io import StringIO

    from django.core.management import call_command

    call_command("load_demo", stdout=StringIO())
    return ServiceProject.objects.get(title=TITLE)


def _session(browser, base_url, username, viewport=None):
    context = browser.new_context(
        viewport=viewport or {"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Gongzhi@2024")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")
    return context, page


def _review(page, decision, comment):
    page.check(f"#decision-{decision}")
    page.fill("textarea[name=comment]", comment)
    press(page, page.get_by_role("button", name="提交审核结论"))


def _state(page) -> str:
    return page.inner_text("[data-testid=report-state]")


def _waits_on_home(page, base_url, url) -> bool:
    """The home page (where login lands) lists the work at ``url`` under 我的待办."""
    path = url.removeprefix(base_url)
    return page.locator(f"[data-testid=work-item] a[href='{path}']").count() == 1


def _totals_row(page) -> list[str]:
    return page.locator("[data-testid=statistics] tfoot td").all_inner_texts()


@pytest.mark.browser
def test_the_mid_term_report_through_its_chain(browser, live_server, history):
    logs = history.logs.filter(date__range=MIDTERM).aggregate(
        services=Count("pk"), people=Sum("beneficiaries"), hours=Sum("hours")
    )
    assert logs["services"] > 0

    context, page = _session(browser, live_server.url, "agency", PHONE)
    page.goto(f"{live_server.url}{history.get_absolute_url()}")
    page.get_by_role("link", name="编写中期报告").click()
    page.fill("#id_period_start", MIDTERM[0])
    page.fill("#id_period_end", MIDTERM[1])
    page.fill("#id_text", "上半年完成需求调研，个案、小组与社区活动按计划推进。")
    press(page, page.get_by_role("button", name="保存并提交"))
    assert _state(page) == "待审核"
    services, people, hours = _totals_row(page)[1:]
    assert (int(services), int(people)) == (logs["services"], logs["people"])
    assert Decimal(hours) == logs["hours"]
    report_url = page.url
    context.close()

    context, page = _session(browser, live_server.url, "community")
    assert _waits_on_home(page, live_server.url, report_url)
    page.goto(report_url)
    _review(page, "approve", "")  # the community must give its opinion
    assert _state(page) == "待审核"
    _review(page, "approve", "服务开展扎实，居民反映良好，同意上报。")
    context.close()

    context, page = _session(browser, live_server.url, "street")
    assert _waits_on_home(page, live_server.url, report_url)
    page.goto(report_url)
    _review(page, "approve", "初审通过。")
    context.close()

    context, page = _session(browser, live_server.url, "office")
    assert _waits_on_home(page, live_server.url, report_url)
    page.goto(report_url)
    _review(page, "approve", "验收通过。")
    assert _state(page) == "已通过"
    steps = page.locator("[data-testid=event] strong").all_inner_texts()
    assert steps == ["提交", "审核通过", "审核通过", "审核通过"]
    timeline = page.inner_text("[data-testid=event] >> nth=1")
    assert "西城社区" in timeline and "居民反映良好" in timeline
    context.close()

    context, page = _session(browser, live_server.url, "agency", PHONE)
    page.goto(report_url)
    assert "已验收通过，内容已锁定。" in page.inner_text("main")
    assert page.get_by_role("link", name="修改").count() == 0
    assert _totals_row(page)[1:3] == [str(logs["services"]), str(logs["people"])]
    context.close()


@pytest.mark.browser
def test_a_visit_item_is_fixed_and_closed(browser, live_server, history):
    assignment = SupervisionAssignment.objects.get(project=history)
    context, page = _session(browser, live_server.url, "thirdparty", PHONE)
    page.goto(f"{live_server.url}/supervision/{assignment.pk}/")
    page.get_by_role("link", name="督导记录").click()
    page.fill("#id_findings", "档案柜未上锁，服务对象名册未更新。")
    page.fill("#id_items-0-what", "档案柜加锁")
    page.select_option("#id_items-0-owner", label=history.agency.name)
    page.fill("#id_items-0-due_on", "2024-12-31")
    press(page, page.get_by_role("button", name="再加一项"))
    assert page.locator("[data-testid=item-row]").count() == 4
    assert page.input_value("#id_items-0-what") == "档案柜加锁"  # kept across the round trip
    page.fill("#id_items-3-what", "更新服务对象名册")
    page.select_option("#id_items-3-owner", label=history.agency.name)
    page.fill("#id_items-3-due_on", "2024-12-31")
    press(page, page.get_by_role("button", name="保存"))
    items = page.locator("[data-testid=item]")
    assert items.count() == 2
    visit_url = page.url
    context.close()

    context, page = _session(browser, live_server.url, "agency")
    fix_url = page.locator("[data-testid=work-item] a").filter(has_text="档案柜加锁")
    assert fix_url.count() == 1  # the item to fix waits on the agency's home
    page.goto(visit_url)
    first = page.locator("[data-testid=item]").filter(has_text="档案柜加锁")
    first.locator("textarea[name=fix]").fill("已为档案柜加装挂锁。")
    press(page, first.get_by_role("button", name="提交整改情况"))
    context.close()

    context, page = _session(browser, live_server.url, "thirdparty", PHONE)
    page.goto(visit_url)
    first = page.locator("[data-testid=item]").filter(has_text="档案柜加锁")
    assert first.locator("[data-testid=item-state]").inner_text().startswith("已整改待确认")
    press(page, first.get_by_role("button", name="提交"))
    first = page.locator("[data-testid=item]").filter(has_text="档案柜加锁")
    assert first.locator("[data-testid=item-state]").inner_text() == "已销号"
    other = page.locator("[data-testid=item]").filter(has_text="更新服务对象名册")
    assert other.locator("[data-testid=item-state]").inner_text().startswith("待整改")
    context.close()


@pytest.mark.browser
def test_finance_disburses_and_the_fund_page_shows_spend_against_budget(
    browser, live_server, history, tmp_path
):
    before = project_totals([history.pk])[history.pk]["province"]
    voucher = tmp_path / "拨付凭证-二期.pdf"
    voucher.write_bytes(PDF)
    context, page = _session(browser, live_server.url, "finance")
    page.goto(f"{live_server.url}/funds/projects/{history.pk}/")
    page.get_by_role("link", name="记录拨付").click()
    page.select_option("#id_source", label="省级补助")
    page.fill("#id_amount", "30000.00")
    page.fill("#id_note", "二期拨付")
    page.set_input_files("#id_files", str(voucher))
    press(page, page.get_by_role("button", name="保存"))
    row = page.locator("[data-testid=fund-summary] tbody tr").filter(has_text="省级补助")
    cells = row.locator("td").all_inner_texts()
    disbursed = before.disbursed + Decimal("30000.00")
    assert cells[1:] == [
        f"{before.budget:,.2f}",
        f"{before.allocated:,.2f}",
        f"{disbursed:,.2f}",
        f"{before.spent:,.2f}",
    ]
    assert page.get_by_role("link", name="拨付凭证-二期.pdf").count() == 1
    page.goto(f"{live_server.url}/funds/")
    unit_row = page.locator("[data-testid=unit-summary] tbody tr").filter(has_text="西城社区")
    assert f"{disbursed:,.2f}" in unit_row.inner_text()
    context.close()
