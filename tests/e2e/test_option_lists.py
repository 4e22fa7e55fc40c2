"""The program office keeps its lists on a phone: the page fits 390 px and a value is added."""

import os

import pytest

from gongzhi.core.models import Option
from tests.e2e.browser import press
from tests.e2e.test_demo_logins import PHONE, _log_in


@pytest.mark.browser
def test_the_office_adds_an_activity_type_on_a_phone(page, live_server, demo):
    page.set_viewport_size(PHONE)
    _log_in(page, live_server.url, "office")
    page.goto(f"{live_server.url}/settings/lists/")
    section = page.locator("#list-activity_type")
    section.locator("input[name=label]").last.fill("邻里节")
    press(page, section.locator("button[type=submit]").last)
    page.wait_for_load_state()
    assert "已添加“邻里节”" in page.locator(".alert").first.inner_text()
    assert Option.objects.get(label="邻里节").code == "custom-1"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a phone"
    shot = os.environ.get("GZ_SCREENSHOT")
    if shot:
        page.screenshot(path=shot, full_page=True)
