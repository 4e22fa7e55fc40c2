"""In a browser, as people would: 西城社区 reports on item 4 from a phone with photos,
雒城街道 sends it back, the community resubmits, the street and 市民政局 approve, and the
public page shows it."""

import io

import pytest
from PIL import Image

from gongzhi.programs.models import Task
from tests.e2e.browser import press

PHONE = {"width": 390, "height": 844}


def _photo(path, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


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


@pytest.mark.browser
def test_item_4_through_the_review_chain(browser, live_server, demo, tmp_path):
    item4 = Task.objects.get(pilot__community__name="西城社区", number=4)
    task_url = f"{live_server.url}/programs/tasks/{item4.pk}/"

    context, page = _session(browser, live_server.url, "community", PHONE)
    page.goto(task_url)
    page.get_by_role("link", name="上报进展").click()
    page.fill("#id_text", "第4期供需对接会已召开，12家单位参加。")
    page.check("#id_claims_completion")
    page.set_input_files(
        "#id_files", [_photo(tmp_path / "a.jpg", "red"), _photo(tmp_path / "b.jpg", "blue")]
    )
    press(page, page.get_by_role("button", name="保存并提交审核"))
    assert page.inner_text("[data-testid=report-state]") == "待审核"
    assert page.locator("[data-testid=evidence] img").count() == 2
    page.screenshot(path=tmp_path / "community-submitted.png", full_page=True)
    report_url = page.url
    context.close()

    context, page = _session(browser, live_server.url, "street")
    assert "西城社区 第4项" in page.inner_text("[data-testid=attention]")
    page.goto(report_url)
    _review(page, "return", "请补充签到表照片")
    assert page.inner_text("[data-testid=report-state]") == "已退回"
    context.close()

    context, page = _session(browser, live_server.url, "community", PHONE)
    page.goto(report_url)
    press(page, page.get_by_role("button", name="重新提交"))
    assert page.inner_text("[data-testid=report-state]") == "待审核"
    context.close()

    context, page = _session(browser, live_server.url, "street")
    page.goto(report_url)
    _review(page, "approve", "同意")
    context.close()

    context, page = _session(browser, live_server.url, "office")
    page.goto(report_url)
    _review(page, "approve", "验收通过")
    assert page.inner_text("[data-testid=report-state]") == "已通过"
    press(page, page.get_by_role("button", name="设为公开").first)
    steps = page.locator("[data-testid=event] strong").all_inner_texts()
    assert steps == ["提交", "退回", "提交", "审核通过", "审核通过"]
    page.goto(f"{live_server.url}/programs/{item4.program_id}/cockpit/")
    page.wait_for_selector("#chart-status svg")
    assert page.inner_text("[data-testid=overall]") == "3%"  # 1 of 33
    page.screenshot(path=tmp_path / "cockpit.png", full_page=True)
    page.goto(f"{live_server.url}/programs/{item4.program_id}/")
    with page.expect_download() as download:  # a small 台账 downloads at once
        page.get_by_role("button", name="导出台账").click()
    assert download.value.suggested_filename.startswith("广汉市城乡社区治理“创特色”工程台账-")
    context.close()

    public = browser.new_page()
    public.goto(f"{live_server.url}/public/guanghan-2024/")
    assert public.locator("img[src*='/public/evidence/']").count() == 1
    public.close()
