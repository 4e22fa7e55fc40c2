"""A community writes up a typical case in the browser; the street makes it public from the
case's page; the pilot's public page then shows it, with nothing that is not public."""

import pytest

from gongzhi.cases.models import Case
from gongzhi.programs.models import Pilot
from tests.cases.helpers import make_case
from tests.e2e.test_demo_logins import _log_in


@pytest.mark.browser
def test_a_case_goes_from_the_community_to_the_public_page(page, live_server, demo):
    pilot = Pilot.objects.select_related("community", "program").get(
        program__code="guanghan-2024", community__name="西城社区"
    )
    hidden = make_case(pilot.community, title="尚未公开的材料")
    _log_in(page, live_server.url, "community")
    page.goto(f"{live_server.url}/cases/new/")
    page.fill("#id_title", "院落议事会解民忧")
    page.select_option("#id_type", "selfgov")
    page.fill("#id_date", "2024-06-01")
    page.fill("#id_summary", "每月一次院落议事，年内解决问题12件。")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    case = Case.objects.get(title="院落议事会解民忧")
    assert page.url.endswith(case.get_absolute_url())
    assert page.locator("[data-testid=publish]").count() == 0

    page.context.clear_cookies()
    _log_in(page, live_server.url, "street")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    page.click("[data-testid=publish]")
    page.wait_for_load_state()
    assert page.locator("[data-testid=public-badge]").is_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/public/{pilot.program.code}/pilots/{pilot.pk}/")
    public = page.locator("[data-testid=public-case]")
    assert public.count() == 1 and "院落议事会解民忧" in public.inner_text()
    assert hidden.title not in page.content()
