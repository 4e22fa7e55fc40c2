"""Printing: a community prints its task with the review timeline on one A4 page, and the
navigation is not printed."""

import pytest

from gongzhi.accounts.models import User
from gongzhi.programs.models import Task
from gongzhi.progress import services
from tests.e2e.test_review_chain import _session


def typical_history(task):
    """What a task looks like mid-program: a report sent back once, corrected and approved up
    the chain, and a second report waiting for the street."""
    community, street, office = (
        User.objects.get(username=name) for name in ("community", "street", "office")
    )
    unit = task.assignments.get(role="lead").unit
    first = services.report_create(
        actor=community,
        task=task,
        unit=unit,
        text="第4期供需对接会已召开，12家单位参加，收集需求23条，对接成功15条。",
        claims_completion=True,
        submit=True,
    )
    services.report_return(
        actor=street, report=first, comment="请补充签到表和活动照片，并写明对接成功的项目名称。"
    )
    services.report_update(
        actor=community,
        report=first,
        text="第4期供需对接会已召开，12家单位参加，收集需求23条，对接成功15条"
        "（助餐、助浴、法律咨询等），签到表和照片已上传。",
        claims_completion=True,
        submit=True,
    )
    services.report_approve(actor=street, report=first, comment="材料齐全，同意。")
    services.report_approve(actor=office, report=first, comment="")
    services.report_create(
        actor=community,
        task=task,
        unit=unit,
        text="第5期供需对接会筹备中，已发布需求清单。",
        submit=True,
    )


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


@pytest.mark.browser
def test_a_community_prints_its_task_with_the_timeline_on_one_page(
    browser, live_server, demo, tmp_path
):
    task = Task.objects.get(pilot__community__name="西城社区", number=4)
    typical_history(task)
    context, page = _session(browser, live_server.url, "community")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    assert page.get_by_role("button", name="打印").is_visible()
    assert page.locator("nav.navbar").is_visible()
    assert not page.locator("[data-testid=print-header]").is_visible()

    pdf = page.pdf(format="A4")
    (tmp_path / "task.pdf").write_bytes(pdf)
    assert _pages(pdf) == 1

    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    assert not page.get_by_role("button", name="打印").is_visible()
    assert not page.get_by_role("link", name="上报进展").is_visible()
    header = page.locator("[data-testid=print-header]")
    assert header.is_visible()
    assert task.program.name in header.inner_text() and "打印时间" in header.inner_text()
    timeline = page.locator(".timeline")
    assert timeline.is_visible() and "退回" in timeline.inner_text()
    context.close()


@pytest.mark.browser
def test_the_print_button_prints_without_an_inline_script(browser, live_server, demo):
    task = Task.objects.get(pilot__community__name="西城社区", number=4)
    context, page = _session(browser, live_server.url, "community")
    page.goto(f"{live_server.url}{task.get_absolute_url()}")
    page.evaluate("window.print = () => { window.printed = true; }")
    button = page.get_by_role("button", name="打印")
    assert button.get_attribute("onclick") is None
    button.click()
    assert page.evaluate("window.printed") is True
    assert page.locator("script:not([src])").count() == 0 or all(
        script.get_attribute("type") == "application/json"
        for script in page.locator("script:not([src])").all()
    )
    context.close()
