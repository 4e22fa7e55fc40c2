"""A phone signs in to an activity through its QR code; the organiser sees the count."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.models import Activity
from gongzhi.orgs.models import Unit
from tests.e2e.browser import press

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_phone_signs_in_through_the_qr_link(browser, live_server, demo):
    xicheng = Unit.objects.get(name="西城社区")
    start = timezone.now() - datetime.timedelta(minutes=5)
    activity = Activity.objects.create(
        title="第2期供需对接会",
        type="supply_demand",
        unit=xicheng,
        community=xicheng,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="西城社区综合体",
        planned_attendance=30,
        created_by=User.objects.get(username="community"),
    )
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = staff.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "community")
    page.fill("#id_password", "Gongzhi@2024")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}{activity.get_absolute_url()}")
    page.wait_for_function("document.querySelector('[data-testid=qr]').complete")
    assert page.locator("[data-testid=qr]").evaluate("img => img.naturalWidth") > 100
    link = page.get_by_role("link", name=activity.signin_url(), exact=False).get_attribute("href")

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    mobile.goto(link)
    mobile.fill("#id_name", "王大爷")
    mobile.fill("#id_phone", "13812345678")
    press(mobile, mobile.get_by_role("button", name="签到"))
    assert "签到成功" in mobile.inner_text("[data-testid=signed-in]")
    mobile.goto(link)
    mobile.fill("#id_name", "王大爷")
    mobile.fill("#id_phone", "13812345678")
    press(mobile, mobile.get_by_role("button", name="签到"))
    assert "已签到" in mobile.inner_text("form")
    phone.close()

    page.reload()
    assert page.inner_text("[data-testid=attendance]") == "1 / 30"
    assert "138****5678" in page.inner_text("[data-testid=signins]")
    staff.close()
