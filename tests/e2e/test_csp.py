"""The Content-Security-Policy refuses nothing the pages need: the cockpit's ECharts charts draw,
htmx and Bootstrap run, and the browser reports no violation."""

import pytest

from gongzhi.programs.models import Program
from tests.e2e.test_demo_logins import _log_in


@pytest.mark.browser
def test_cockpit_and_pages_render_under_the_csp(page, live_server, demo):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    _log_in(page, live_server.url, "office")
    program = Program.objects.get()
    response = page.goto(f"{live_server.url}/programs/{program.pk}/cockpit/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector("#chart-status svg")
    page.wait_for_selector("#chart-units svg")
    page.locator("#chart-units").hover(force=True)  # tooltips carry inline style attributes
    page.goto(f"{live_server.url}/programs/{program.pk}/")
    page.goto(f"{live_server.url}/accounts/users/")
    assert violations == []
