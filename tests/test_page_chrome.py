"""What every page carries: the favicon, the print stylesheet and script; the 打印 button and
the printed header line on the pages people print."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity

ICON = re.compile(r'<link rel="icon" href="(/static/favicon\.(?:svg|ico))"')


def test_every_page_links_a_favicon_that_is_served(client):
    html = client.get(reverse("accounts:login")).content.decode()
    icons = ICON.findall(html)
    assert {"/static/favicon.svg", "/static/favicon.ico"} <= set(icons)
    for href in icons:
        assert finders.find(href.removeprefix("/static/")), href


def test_the_print_stylesheet_is_for_print_only(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    css = Path(finders.find("css/print.css")).read_text(encoding="utf-8")
    assert "size: A4 portrait" in css
    assert re.search(r"nav\.navbar[^{]*\{ *display: none !important", css)


def _printable_pages(demo, item4):
    xicheng = Unit.objects.get(name="西城社区")
    activity = make_activity(community=xicheng, unit=xicheng)
    return {
        "ledger": demo.get_absolute_url(),
        "task": item4.get_absolute_url(),
        "activity": activity.get_absolute_url(),
        "cockpit": reverse("dashboards:cockpit", args=[demo.pk]),
    }


@pytest.mark.parametrize("page", ["ledger", "task", "activity", "cockpit"])
def test_printable_pages_have_a_print_button_without_inline_script(
    client, demo, demo_users, item4, page
):
    client.force_login(demo_users["office"])
    html = client.get(_printable_pages(demo, item4)[page]).content.decode()
    button = re.search(r"<button[^>]*data-print[^>]*>", html)
    assert button and "onclick" not in button.group(0)
    assert "打印" in html[button.end() : button.end() + 80]
    assert '<script src="/static/js/print.js"></script>' in html
    assert not re.search(r"<script(?![^>]*\b(?:src|type=\"application/json\"))[^>]*>", html)
    header = re.search(r'class="print-header d-none" data-testid="print-header">(.*?)</div>', html)
    assert header and "打印时间" in header.group(1)
    assert ("第1期供需对接会" if page == "activity" else demo.name) in header.group(1)


def _menu(html: str) -> tuple[list[str], list[str]]:
    """The labels of the navbar's top-level links and of its 管理 menu."""
    nav = html[html.index('id="gz-nav"') : html.index("</nav>")]
    top = re.findall(r'class="nav-link(?: active)?" href="[^"]+"><i[^>]*></i> ([^<]+)</a>', nav)
    admin = re.findall(r'class="dropdown-item(?: active)?" href="[^"]+"><i[^>]*></i> ([^<]+)<', nav)
    return top, admin


def test_settings_and_oversight_sit_under_one_menu(client, demo_users):
    client.force_login(demo_users["office"])
    top, admin = _menu(client.get(reverse("dashboards:home")).content.decode())
    assert top[:4] == ["首页", "项目台账", "五社联动", "活动会议"]
    assert {"组织机构", "工作组", "用户与角色", "审计日志", "可选列表"} <= set(admin)
    assert not set(admin) & set(top)


def test_the_admin_menu_lists_only_what_the_role_may_open(client, demo_users):
    client.force_login(demo_users["community"])
    _, admin = _menu(client.get(reverse("dashboards:home")).content.decode())
    assert "可选列表" not in admin and "用户与角色" not in admin


def test_related_modules_share_a_dropdown(client, demo_users):
    client.force_login(demo_users["office"])
    html = client.get(reverse("dashboards:home")).content.decode()
    top, menus = _menu(html)
    assert "居民诉求" not in top and {"居民诉求", "问卷调查", "居民自治"} <= set(menus)
    assert {"考核评估", "案例宣传", "一张图", "电梯告警"} <= set(menus)
    assert len(top) + html.count('class="nav-item dropdown"') <= 10  # the bar keeps to one line


def test_a_group_with_one_module_the_user_may_open_shows_it_alone():
    from gongzhi.core.context_processors import Group, _entry
    from gongzhi.core.roles import Perm

    class Access:
        def has_perm(self, perm):
            return perm == Perm.HANDLE_NEEDS

    group = Group(
        "居民服务",
        "people",
        [
            ("residents:need-list", "居民诉求", "chat", Perm.HANDLE_NEEDS),
            ("surveys:survey-list", "问卷调查", "ui-checks", Perm.MANAGE_SURVEYS),
        ],
    )
    assert _entry(group, Access(), "residents:need-list")["label"] == "居民诉求"
    assert "children" not in _entry(group, Access(), "")
