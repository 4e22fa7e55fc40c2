"""A community takes a major matter through 四议两公开 in the browser: a resolution short of
its quorum is refused with the numbers, and the result appears on the public notice page."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.orgs.models import Unit
from gongzhi.selfgov.models import Matter

MEETINGS = [  # entitled, present, for, against, abstain
    (7, 7, 7, 0, 0),
    (9, 9, 8, 1, 0),
    (45, 38, 36, 1, 1),
]


def _log_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Gongzhi@2024")
    page.click("button[type=submit]")


def _record(page, url, when, text, numbers=None, form=None, ends=None):
    page.goto(url)
    page.fill("#id_date", f"{when:%Y-%m-%d}")
    if form:
        page.select_option("#id_meeting_form", form)
    names = ("entitled", "present", "votes_for", "votes_against", "votes_abstain")
    for name, value in zip(names, numbers or (), strict=False):
        page.fill(f"#id_{name}", str(value))
    if ends:
        page.fill("#id_ends_on", f"{ends:%Y-%m-%d}")
    page.fill("#id_text", text)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.browser
def test_a_matter_from_proposal_to_the_published_result(browser, live_server, demo):
    xicheng = Unit.objects.get(name="西城社区")
    day = timezone.localdate() - datetime.timedelta(days=40)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, "community")
    page.goto(f"{live_server.url}/selfgov/matters/new/")
    page.fill("#id_title", "社区停车位收费方案")
    page.select_option("#id_kind", "assets")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    matter = Matter.objects.get(title="社区停车位收费方案")
    step_url = f"{live_server.url}/selfgov/matters/{matter.pk}/steps/new/"
    for offset, numbers in enumerate(MEETINGS):
        _record(page, step_url, day + datetime.timedelta(days=offset), "会议记录", numbers)
    resolved = day + datetime.timedelta(days=5)
    _record(page, step_url, resolved, "表决", (60, 30, 30, 0, 0), form="representatives")
    refusal = page.inner_text("main form")  # refused, with the numbers
    assert "应到 60 人" in refusal and "实到 30 人" in refusal
    _record(page, step_url, resolved, "表决通过", (60, 48, 45, 1, 2), form="representatives")
    published = resolved + datetime.timedelta(days=1)
    _record(page, step_url, published, "决议公开", ends=published + datetime.timedelta(days=7))
    result_day = published + datetime.timedelta(days=10)
    _record(
        page, step_url, result_day, "停车位已划线编号", ends=result_day + datetime.timedelta(days=7)
    )
    matter.refresh_from_db()
    assert matter.steps_done == 6
    assert "六个步骤均已完成" in page.inner_text("main")
    context.close()
    public = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    notice = public.new_page()
    notice.goto(f"{live_server.url}/selfgov/public/{xicheng.pk}/")
    assert notice.title() == "西城社区公开栏 · 共治"
    notices = notice.inner_text("main")
    assert "停车位已划线编号" in notices and "社区停车位收费方案" in notices
    public.close()
