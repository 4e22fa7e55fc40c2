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
