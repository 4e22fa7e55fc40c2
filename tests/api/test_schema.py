"""The schema validates without a warning, documents every operation in Chinese and English,
and the docs pages run from local files under the site's CSP (no inline script)."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        from io import StringIO

        out = StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


def test_the_schema_validates_without_warnings(schema):
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_every_operation_is_described_in_chinese_and_english(schema):
    undescribed = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not (
            IDEOGRAPH.search(operation.get("summary", ""))
            and LATIN_WORD.search(operation.get("summary", ""))
        )
    ]
    assert undescribed == []


def test_every_operation_documents_the_error_shape(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not {"401", "403", "404"} <= set(operation["responses"])
    ]
    assert missing == []
    error = schema["components"]["schemas"]["Error"]["properties"]
    assert set(error) == {"code", "message", "field"}


@pytest.mark.parametrize("name", ["api:docs", "api:redoc"])
def test_docs_pages_load_only_local_scripts(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all(
        'src="/static/' in attrs or 'src="/api/' in attrs for attrs, _ in scripts
    )
    assert all(not body.strip() for _attrs, body in scripts), "inline script"
    assert "https://" not in html and "<style" not in html
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )


def test_swagger_start_up_script_is_a_file(client, db):
    html = client.get(reverse("api:docs")).content.decode()
    script_url = re.findall(r'<script src="([^"]*\?script[^"]*)"', html)
    assert script_url
    response = client.get(script_url[0].replace("&amp;", "&"))
    assert response.status_code == 200 and "SwaggerUIBundle" in response.content.decode()
