"""The API's Swagger UI and Redoc draw from local files under the site's CSP. The one thing the
policy refuses is Redoc's badge logo, hard-wired to its CDN: blocked, so never fetched."""

import pytest

REDOC_BADGE = "https://cdn.redoc.ly/redoc/logo-mini.svg"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path, drawn",
    [("/api/docs/", "#swagger-ui .opblock"), ("/api/redoc/", "redoc h1, .api-content h1")],
)
def test_docs_draw_under_the_csp(page, live_server, transactional_db, path, drawn):
    violations, outside = [], []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    response = page.goto(f"{live_server.url}{path}")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(drawn, timeout=20000)
    assert page.locator(drawn).count() > 0
    assert [text for text in violations if REDOC_BADGE not in text] == []
    assert [url for url in outside if url != REDOC_BADGE] == []
