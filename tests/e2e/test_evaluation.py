"""In a browser: the office opens 西湖社区's acceptance round; 西湖社区 assesses itself on a
phone (one card per item) and submits; 雒城街道 changes a score with its reason and passes it
on; the third party scores; the office concludes it with the final grade, and the round locks.
Then the office downloads 西湖社区's summary report as PDF and Word, each with the scoring sheet
as its annex, and the community's archive with its index and the score sheet."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from gongzhi.core.roles import Role
from gongzhi.evaluation.models import Round
from gongzhi.orgs.models import Unit
from tests.conftest import make_user
from tests.documents.conftest import compact, docx_text, pdf_text
from tests.e2e.browser import press
from tests.e2e.test_review_chain import PHONE, _session


def _keep_scores_and_fill_the_rest(page, value):
    for field in page.locator("input[type=number][name^=points_]").all():
        if not field.input_value():
            field.fill(value)


def _pass_on(page, button="提交"):
    press(page, page.get_by_role("button", name="保存评分"))
    press(page, page.get_by_role("button", name=button))


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
    press(page, page.get_by_role("button", name="保存"))
    round_url = page.url
    assert page.inner_text("[data-testid=round-state]") == "草稿"
    context.close()

    context, page = _session(browser, live_server.url, "xihu_e2e", PHONE)
    page.goto(round_url)
    assert page.locator("[data-testid=item-card]").count() == 22
    _keep_scores_and_fill_the_rest(page, "3")
    press(page, page.get_by_role("button", name="保存并提交自评"))
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


def _result(page, link="查看结果") -> bytes:
    """What the finished job's page links to, fetched with the page's session."""
    href = page.locator(".btn", has_text=link).first.get_attribute("href")
    origin = "/".join(page.url.split("/")[:3])
    response = page.request.get(origin + href)
    assert response.ok
    return response.body()


def _summary_report(page, base_url, program, xihu, fmt) -> bytes:
    page.goto(f"{base_url}/reports/programs/{program.pk}/")
    section = page.locator("[data-testid=report-subject]").filter(
        has_text="西湖社区创建工作总结报告"
    )
    section.locator(f"[data-testid=generate-{fmt}]").click()
    return _result(page)  # the job page: the job is done at once in tests


def _concluded_round(demo, xihu, users):
    from gongzhi.evaluation import services

    services.table_default(demo)
    third_party = Unit.objects.get(name="演示第三方评估机构")
    round = services.round_create(
        actor=users["office"], program=demo, unit=xihu, third_party=third_party
    )
    scores = round.scores.select_related("item")
    for actor in (users["xihu"], users["street"], users["thirdparty"]):
        entries = {
            s.item_id: (s.item.points if s.item.kind != "veto" else 0, "核实") for s in scores
        }
        services.scores_save(actor=actor, round=round, entries=entries)
        (services.round_submit if actor is users["xihu"] else services.round_approve)(
            actor=actor, round=round
        )
    services.round_approve(actor=users["office"], round=round, comment="同意")
    return Round.objects.get(pk=round.pk)


@pytest.mark.browser
def test_the_office_downloads_xihu_summary_reports_and_archive(
    browser, live_server, demo, demo_users
):
    from gongzhi.programs.models import Program

    program = Program.objects.get(code="guanghan-2024")
    xihu = Unit.objects.get(name="西湖社区")
    users = {**demo_users, "xihu": make_user("xihu_docs", Role.COMMUNITY, xihu)}
    round = _concluded_round(program, xihu, users)
    total = f"{round.total.normalize():f}"
    context, page = _session(browser, live_server.url, "office")

    pdf = pdf_text(_summary_report(page, live_server.url, program, xihu, "pdf"))
    docx = compact(docx_text(_summary_report(page, live_server.url, program, xihu, "docx")))
    for text in (pdf, docx):
        assert "西湖社区创建工作总结报告" in text and "附件1：绩效评分表" in text
        assert compact(f"最终得分 {total} 分，等级：{round.grade}。") in text
        assert "党组织领导" in text  # an item of the table, in the annex

    pilot = program.pilots.get(community=xihu)
    page.goto(f"{live_server.url}/pilots/{pilot.pk}/")
    assert round.grade in page.inner_text("[data-testid=scores]")
    page.locator("[data-testid=archive]").click()
    content = _result(page, "下载")
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    assert "档案索引.xlsx" in names
    assert any(name.startswith("10 考核评分/") for name in names)
    assert any(name.startswith("11 总结与验收报告/") and name.endswith(".pdf") for name in names)
    index = load_workbook(io.BytesIO(archive.read("档案索引.xlsx")))["索引"]
    listed = {row[1] for row in index.iter_rows(min_row=2, values_only=True) if row[1]}
    assert listed == {name for name in names if name != "档案索引.xlsx"}
    context.close()
