"""In a browser: the office opens 西湖社区's acceptance round; 西湖社区 assesses itself on a
phone (one card per item) and submits; 雒城街道 changes a score with its reason and passes it
on; the third party scores; the office concludes it with the final grade, and the round locks."""

import pytest

from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit
from tests.conftest import make_user
from tests.e2e.test_review_chain import PHONE, _session


def _keep_scores_and_fill_the_rest(page, value):
    for field in page.locator("input[type=number][name^=points_]").all():
        if not field.input_value():
            field.fill(value)


def _pass_on(page, button="提交"):
    page.get_by_role("button", name="保存评分").click()
    page.get_by_role("button", name=button).click()


@pytest.mark.browser
def test_xihu_round_from_self_assessment_to_the_final_grade(browser, live_server, demo):
    xihu = Unit.objects.get(name="西湖社区")
    user = make_user("xihu_e2e", Role.COMMUNITY, xihu)
    user.set_password("Gongzhi@2024")
    user.save()

    context, page = _session(browser, live_server.url, "office")
    page.goto(f"{live_server.url}/evaluation/")
    page.get_by_role("link", name="开展考核评估").click()
    page.select_option("#id_unit", label="西湖社区")
    page.select_option("#id_third_party", label="演示第三方评估机构")
    page.get_by_role("button", name="保存").click()
    round_url = page.url
    assert page.inner_text("[data-testid=round-state]") == "草稿"
    context.close()

    context, page = _session(browser, live_server.url, "xihu_e2e", PHONE)
    page.goto(round_url)
    assert page.locator("[data-testid=item-card]").count() == 22
    _keep_scores_and_fill_the_rest(page, "3")
    page.get_by_role("button", name="保存并提交自评").click()
    assert page.inner_text("[data-testid=round-state]") == "待审核"
    context.close()

    context, page = _session(browser, live_server.url, "street")
    page.goto(round_url)
    first = page.locator("input[type=number][name^=points_]").first
    first.fill("2")
    page.locator("input[name^=reason_]").first.fill("领导小组分工不明确")
    _pass_on(page)
    assert "演示第三方评估机构" in page.inner_text("[data-testid=waiting]")
    context.close()

    context, page = _session(browser, live_server.url, "thirdparty")
    page.goto(round_url)
    _pass_on(page)
    assert "市民政局" in page.inner_text("[data-testid=waiting]")
    context.close()

    context, page = _session(browser, live_server.url, "office")
    page.goto(round_url)
    _pass_on(page)
    assert page.inner_text("[data-testid=round-state]") == "已通过"
    concluded = page.inner_text("[data-testid=concluded]")
    assert "最终得分" in concluded and "等级" in concluded
    assert page.locator("input[type=number][name^=points_]").count() == 0  # locked
    context.close()
