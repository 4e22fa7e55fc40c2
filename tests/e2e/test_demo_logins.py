"""Each demo login lands on its own scoped home, on a desktop and on a phone screen."""

import pytest

from gongzhi.core.roles import Role

# username → (the grant badge on its home, a unit it must see, a unit it must not see)
DEMO = {
    "office": ("市民政局 · 工作组办公室", "雒城街道", None),
    "dept": ("市委组织部 · 市级部门", None, "雒城街道"),
    "finance": ("市财政局 · 财政部门", "汉州街道", None),
    "street": ("雒城街道 · 街道（镇）", "西城社区", "汉州街道"),
    "community": ("西城社区 · 创特色社区", "西城社区第一网格（演示）", "金山社区"),
    "agency": ("广汉市示范社会工作服务中心（演示） · 社工机构", None, "雒城街道"),
    "socialworker": ("广汉市示范社会工作服务中心（演示） · 专业社会工作者", None, "雒城街道"),
    "thirdparty": ("演示第三方评估机构 · 第三方机构", None, "雒城街道"),
}
PHONE = {"width": 390, "height": 844}


def _log_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Gongzhi@2024")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def test_every_role_has_a_demo_login():
    assert len(DEMO) == len(Role.values)


@pytest.mark.browser
@pytest.mark.parametrize("username", sorted(DEMO))
def test_demo_login_lands_on_its_scoped_home(page, live_server, demo, username, tmp_path):
    badge, must_see, must_not_see = DEMO[username]
    _log_in(page, live_server.url, username)
    assert page.locator("[data-testid=grant]").first.inner_text() == badge
    assert page.locator("[data-testid=attention]").is_visible()  # to-dos, or where to start
    my_units = page.locator("[data-testid=my-units]").inner_text()
    if must_see:
        assert must_see in my_units
    if must_not_see:
        assert must_not_see not in my_units
    page.screenshot(path=tmp_path / f"{username}.png", full_page=True)
    assert (tmp_path / f"{username}.png").stat().st_size > 10_000


@pytest.mark.browser
def test_phone_layout_collapses_the_menu(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, "community")
    assert page.locator("[data-testid=work-item]").count() > 0  # 西城社区's items are overdue
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator(".navbar-toggler").is_visible()
    assert not page.get_by_role("link", name="组织机构").is_visible()
    page.click(".navbar-toggler")
    page.locator(".navbar-collapse.show").wait_for()  # opened, not still sliding open
    page.get_by_role("button", name="管理").or_(page.get_by_role("link", name="管理")).click()
    page.get_by_role("link", name="组织机构").click()
    page.wait_for_url(f"{live_server.url}/orgs/units/")
    assert "西城社区第一网格（演示）" in page.inner_text("table")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.mark.browser
def test_wrong_password_shows_a_chinese_message(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "street")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "请输入一个正确的" in page.inner_text(".alert-danger")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1024, 1280])
def test_the_menu_keeps_to_one_line_on_a_desktop(browser, live_server, demo, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN")
    page = context.new_page()
    _log_in(page, live_server.url, "office")  # the role with the most modules
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator("nav.navbar").bounding_box()["height"] < 80
    context.close()
