"""Security headers: the CSP on every HTML page, Permissions-Policy, Referrer-Policy, and no
inline script in any template (the CSP would refuse it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_permission_matrix import MATRIX
from tests.url_walk import named_views

TEMPLATES = Path(settings.BASE_DIR) / "gongzhi" / "templates"
# <script> without a src attribute, and on…= event-handler attributes inside a tag
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[a-zA-Z][^>]*?(?<![\w-])on[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_no_template_holds_inline_script_or_event_handlers():
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [
                f"{path.relative_to(TEMPLATES)}: {m.group(0)[:80]}" for m in pattern.finditer(text)
            ]
    assert found == [], "inline script would be refused by the CSP:\n" + "\n".join(found)


def test_the_inline_script_check_catches_what_it_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert HANDLER.search('<button class="b" onclick="go()">')
    assert not HANDLER.search('<div data-onclick="x" hx-on="y">')


def _csp(response) -> str:
    return response.headers.get("Content-Security-Policy", "")


def test_the_policy_says_what_it_should(client):
    response = client.get(reverse("accounts:login"))
    policy = dict(part.strip().split(" ", 1) for part in _csp(response).split(";") if part.strip())
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["style-src-attr"] == "'unsafe-inline'"
    assert policy["img-src"] == "'self' data: blob:"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert response.headers["Referrer-Policy"] == "same-origin"
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


def test_every_html_page_carries_the_csp(client, tree, users, program, office):
    client.force_login(office)
    seen, missing = 0, []
    for name, _view in sorted(named_views()):
        if name.startswith("admin:"):
            continue  # the admin is walked as the superuser below
        expect = MATRIX[name]
        if expect.method == "post" or name == "accounts:logout":
            continue
        try:
            kwargs = expect.target(tree.community_a1) if expect.target else None
        except pytest.skip.Exception:
            continue
        response = client.get(reverse(name, kwargs=kwargs))
        if response.headers.get("Content-Type", "").startswith("text/html"):
            seen += 1
            if "script-src 'self'" not in _csp(response) or "Permissions-Policy" not in response:
                missing.append(f"{name} ({response.status_code})")
    assert missing == []
    assert seen > 40


def test_the_admin_carries_the_csp(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "script-src 'self'" in _csp(response)
