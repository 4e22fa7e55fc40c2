"""金山社区 registers an elevator on a phone: the form, the key shown once (and only its hash
kept), the device's page without the key, and nothing wider than the screen."""

import pytest

from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit
from gongzhi.smart.models import ElevatorDevice
from gongzhi.smart.services import key_hash
from tests.conftest import PASSWORD, make_user

CODE = "51068120240700009"


def _log_in(page, url, username):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
def test_jinshan_registers_an_elevator_on_a_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    make_user("jinshan", Role.COMMUNITY, Unit.objects.get(name="金山社区"))  # as the demo has
    _log_in(page, live_server.url, "jinshan")
    page.goto(f"{live_server.url}/smart/devices/")
    with page.expect_navigation():
        page.click('[data-testid="device-create"]')
    assert _fits(page)
    page.select_option("#id_community", label="金山社区")
    page.fill("#id_building", "金山苑 5栋")
    page.fill("#id_name", "1号梯")
    page.fill("#id_registration_code", CODE)
    page.fill("#id_latitude", "30.978100")
    page.fill("#id_longitude", "104.269900")
    with page.expect_navigation():
        page.click('[data-testid="device-save"]')
    key = page.inner_text('[data-testid="device-key"]').strip()
    device = ElevatorDevice.objects.get(registration_code=CODE)
    assert device.key_hash == key_hash(key) and device.community.name == "金山社区"
    assert _fits(page)
    with page.expect_navigation():
        page.click("main a.btn-gz")
    assert CODE in page.inner_text("main") and key not in page.content()
    assert _fits(page)
    context.close()
