"""Every asset is served by the application: no CDN, no external address in any page."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

VENDORED = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/htmx/htmx.min.js",
    "vendor/echarts/echarts.min.js",
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "css/gongzhi.css",
]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("path", VENDORED)
def test_vendored_asset_is_found_with_its_licence(path):
    found = finders.find(path)
    assert found, path
    if path.startswith("vendor/"):
        folder = path.split("/")[1]
        assert finders.find(f"vendor/{folder}/LICENSE"), f"{folder} ships without its licence"


def test_templates_reference_no_external_address():
    offenders = [
        str(template)
        for template in (settings.BASE_DIR / "gongzhi").rglob("*.html")
        if EXTERNAL.search(template.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_rendered_pages_load_only_local_assets(client, office):
    client.force_login(office)
    html = client.get(reverse("dashboards:home")).content.decode()
    assert not EXTERNAL.search(html)
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html


def test_pages_are_chinese_by_default_whatever_the_browser_says(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "用户名" in response.content.decode()
