"""On a phone: a resident raises a need with a photo from the community's QR page; the community
accepts it, matches it to an organisation at a 供需对接会 and resolves it; the resident follows
it by the receipt code and rates it. A survey is answered from its QR link and its rate shows
with the sample size."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image

from gongzhi.accounts.models import User
from gongzhi.community.models import SocialOrganization
from gongzhi.orgs.models import Unit
from gongzhi.residents import services
from gongzhi.residents.models import Need
from gongzhi.residents.public import community_page_url
from gongzhi.surveys import services as surveys
from gongzhi.surveys.models import Survey
from tests.conftest import make_meeting
from tests.e2e.browser import press

PHONE = {"width": 390, "height": 844}


def _phone(browser):
    return browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)


@pytest.mark.browser
def test_a_need_from_the_qr_page_to_the_rating(browser, live_server, demo, tmp_path):
    xicheng = Unit.objects.get(name="西城社区")
    services.ensure_default_categories(Unit.objects.get(name="广汉市"))
    picture = tmp_path / "lamp.jpg"
    Image.new("RGB", (640, 480), (90, 140, 200)).save(picture, "JPEG")
    context = _phone(browser)
    page = context.new_page()
    page.goto(live_server.url + community_page_url(xicheng))
    page.select_option("#id_category", label="设施维修")
    page.fill("#id_description", "3栋楼道灯坏了，老人晚上看不见。")
    page.fill("#id_resident_phone", "13912345678")
    page.set_input_files("#id_photos", str(picture))
    page.click("button[type=submit]")
    code = page.inner_text("[data-testid=receipt-code]")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    need = Need.objects.get(receipt_code=code)
    assert need.photos.count() == 1
    _community_matches_and_resolves(browser, live_server.url, need)

    page.get_by_role("link", name="查询办理进度").click()
    page.wait_for_selector("[data-testid=follow-state]")
    assert page.inner_text("[data-testid=follow-state]") == "已办结"
    assert "13912345678" not in page.content() and "139****5678" not in page.content()
    page.get_by_label("非常满意", exact=True).check()
    page.click("text=提交评价")
    page.wait_for_selector("[data-testid=rated]")
    need.refresh_from_db()
    assert (need.state, need.rating) == (Need.State.RATED, 5)
    context.close()


def _community_matches_and_resolves(browser, base, need):
    """The community's staff, on a phone: accept the need, match it to a registered organisation
    at the 供需对接会, resolve it with a result the resident will read."""
    community = User.objects.get(username="community")
    meeting = make_meeting(need.community, community, "第四期供需对接会", "supply_demand")
    SocialOrganization.objects.create(
        name="西城邻里互助会", unit=need.community, category="charity", filing="filed"
    )
    context = _phone(browser)
    staff = context.new_page()
    staff.goto(f"{base}/accounts/login/")
    staff.fill("#id_username", "community")
    staff.fill("#id_password", "Gongzhi@2024")
    press(staff, staff.locator("button[type=submit]"))
    staff.goto(base + need.get_absolute_url())
    press(staff, staff.get_by_role("button", name="受理"))
    staff.goto(base + meeting.get_absolute_url())
    staff.get_by_role("link", name="居民诉求对接").click()
    row = staff.locator("[data-testid=open-needs] li", has_text="3栋楼道灯坏了")
    row.get_by_role("link", name="对接").click()
    staff.select_option("#id_organization", label="西城邻里互助会")
    press(staff, staff.get_by_role("button", name="保存"))
    assert "西城邻里互助会" in staff.inner_text("[data-testid=meeting-matches]")
    assert staff.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    staff.goto(base + need.get_absolute_url())
    staff.get_by_role("link", name="办结").click()
    staff.fill("#id_note", "已由西城邻里互助会更换灯泡")
    press(staff, staff.get_by_role("button", name="办结"))
    context.close()
    need.refresh_from_db()
    assert need.state == Need.State.RESOLVED
    assert need.matches.get().activity_id == meeting.pk


@pytest.mark.browser
def test_a_survey_answered_from_its_qr_link(browser, live_server, demo):
    xicheng = Unit.objects.get(name="西城社区")
    community = User.objects.get(username="community")
    today = timezone.localdate()
    survey = Survey.objects.create(
        unit=xicheng,
        title="满意度调查",
        kind="satisfaction",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        created_by=community,
    )
    surveys.question_add(
        actor=community,
        survey=survey,
        text="您对社区服务满意吗？",
        kind="single",
        choices="满意\n不满意",
        positive="1",
    )
    context = _phone(browser)
    page = context.new_page()
    page.goto(live_server.url + survey.public_url())
    page.get_by_label("满意", exact=True).check()
    page.fill("#id_phone", "13900001111")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=answered]")
    context.close()
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    office = staff.new_page()
    office.goto(f"{live_server.url}/accounts/login/")
    office.fill("#id_username", "community")
    office.fill("#id_password", "Gongzhi@2024")
    office.click("button[type=submit]")
    office.goto(live_server.url + survey.get_absolute_url())
    assert "100.0%（1/1，95% 区间 20.7%–100.0%）" in office.inner_text("[data-testid=rate]")
    staff.close()
