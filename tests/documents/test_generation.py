"""Generating the reports: the job, the files' Chinese text and figures, who may generate."""

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry, Job
from gongzhi.core.report_annexes import ANNEXES, Annex
from gongzhi.documents.models import GeneratedDocument
from gongzhi.orgs.models import Unit
from tests.documents.conftest import add_activity, add_report, compact, docx_text, pdf_text


def generate(client, capture, program, unit, fmt):
    if unit is None:
        url = reverse("documents:generate-acceptance", args=[program.pk, fmt])
    else:
        url = reverse("documents:generate", args=[program.pk, unit.pk, fmt])
    with capture(execute=True):
        return client.post(url)


def download(client, document) -> bytes:
    response = client.get(reverse("documents:file", args=[document.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def xihu_records(people, xihu):
    add_activity(xihu, people["xihu"], signins=3)
    add_activity(xihu, people["xihu"], signins=5)
    add_report(xihu, people["xihu"], "同心工作站已挂牌运行")


def test_a_community_generates_its_pdf_with_chinese_text_and_figures(
    client, demo, people, xihu, xihu_records, django_capture_on_commit_callbacks
):
    client.force_login(people["xihu"])
    response = generate(client, django_capture_on_commit_callbacks, demo, xihu, "pdf")
    job = Job.objects.get(owner=people["xihu"])
    assert response.url == job.get_absolute_url()
    assert (job.state, job.done, job.total) == (Job.State.DONE, 3, 3)
    document = GeneratedDocument.objects.get(unit=xihu)
    assert document.name == f"西湖社区创建工作总结报告-{clock.today():%Y-%m-%d}.pdf"
    assert job.result_url == document.get_absolute_url()
    text = pdf_text(download(client, document))
    assert "西湖社区创建工作总结报告" in text
    assert "目录" in text and "一、基本情况" in text
    assert compact("开展活动 2 场，签到 8 人次") in text
    assert "同心工作站已挂牌运行" in text
    assert demo.pilots.get(community=xihu).type_name in text
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(document.pk)).exists()
    assert AuditEntry.objects.filter(action=Action.DOWNLOAD, object_id=str(document.pk)).exists()


def test_the_pdf_numbers_its_pages_and_its_contents(
    client, demo, people, xihu, django_capture_on_commit_callbacks
):
    import io
    import re

    import pypdf

    client.force_login(people["xihu"])
    generate(client, django_capture_on_commit_callbacks, demo, xihu, "pdf")
    content = download(client, GeneratedDocument.objects.get(unit=xihu))
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]
    assert f"2 / {len(pages)}" in pages[1]  # the cover has no number
    listed = dict(re.findall(r"^(\S+、\S+?) \.+ ?(\d+)$", pages[1], re.MULTILINE))
    assert "一、基本情况" in listed and "三、指标完成情况" in listed
    for title, number in listed.items():  # each entry points at the page its heading is on
        assert title in pages[int(number) - 1].split("\n"), title


def test_the_word_file_fills_the_template(
    client, demo, people, xihu, xihu_records, django_capture_on_commit_callbacks
):
    client.force_login(people["xihu"])
    generate(client, django_capture_on_commit_callbacks, demo, xihu, "docx")
    document = GeneratedDocument.objects.get(unit=xihu)
    assert document.name.endswith(".docx")
    text = docx_text(download(client, document))
    assert "西湖社区创建工作总结报告" in text
    assert "开展活动 2 场，签到 8 人次。" in text
    assert "同心工作站已挂牌运行" in text
    items = demo.tasks.filter(pilot__community=xihu).count()
    assert text.count("西湖社区 第") >= items
    assert "{{" not in text and "{%" not in text


def test_the_office_generates_the_acceptance_report_with_every_pilot(
    client, demo, people, django_capture_on_commit_callbacks
):
    client.force_login(people["office"])
    generate(client, django_capture_on_commit_callbacks, demo, None, "docx")
    document = GeneratedDocument.objects.get(kind="acceptance")
    text = docx_text(download(client, document))
    assert f"{demo.name}验收报告" in text
    for name in demo.pilots.values_list("community__name", flat=True):
        assert name in text


def test_a_registered_annex_follows_the_report_in_both_files(
    client, demo, people, xihu, django_capture_on_commit_callbacks, monkeypatch
):
    def score_sheet(program, unit, is_program):
        return Annex("绩效评分表", ["评分项目", "得分"], [["组织领导", "9.5"], ["资金管理", "18"]])

    monkeypatch.setitem(ANNEXES, "test.score_sheet", (10, score_sheet))
    client.force_login(people["xihu"])
    for fmt in ("pdf", "docx"):
        generate(client, django_capture_on_commit_callbacks, demo, xihu, fmt)
    pdf = pdf_text(download(client, GeneratedDocument.objects.get(name__endswith=".pdf")))
    docx = docx_text(download(client, GeneratedDocument.objects.get(name__endswith=".docx")))
    for text in (pdf, compact(docx)):
        assert "附件1：绩效评分表" in text
        assert "组织领导" in text and "9.5" in text


def test_without_a_chinese_font_the_pdf_fails_with_a_clear_message(
    client, demo, people, xihu, django_capture_on_commit_callbacks, settings
):
    settings.GZ_CJK_FONT = "/nonexistent/font.ttc"
    client.force_login(people["xihu"])
    generate(client, django_capture_on_commit_callbacks, demo, xihu, "pdf")
    job = Job.objects.get(owner=people["xihu"])
    assert job.state == Job.State.FAILED
    assert "中文字体" in job.message and "fonts-wqy-zenhei" in job.message
    assert not GeneratedDocument.objects.exists()


@pytest.mark.parametrize(
    ("user", "unit", "status"),
    [
        ("xihu", "西湖社区", 302),  # its own
        ("xihu", "金山社区", 404),  # another community: out of reach
        ("xihu", "雒城街道", 404),  # its street
        ("street", "西湖社区", 302),  # the street's community
        ("street", "雒城街道", 302),  # the street itself
        ("hanzhou", "西湖社区", 404),  # another street's community
        ("office", "京皇社区", 302),
        ("finance", "西湖社区", 403),  # reaches it, may not generate
        ("office", "市财政局", 404),  # no report for a department
    ],
)
def test_who_may_generate_a_summary(client, demo, people, user, unit, status):
    client.force_login(people[user])
    target = Unit.objects.get(name=unit)
    response = client.post(reverse("documents:generate", args=[demo.pk, target.pk, "pdf"]))
    assert response.status_code == status
    assert Job.objects.exists() == (status == 302)


@pytest.mark.parametrize(("user", "status"), [("office", 302), ("street", 403), ("xihu", 403)])
def test_only_the_office_generates_the_acceptance_report(client, demo, people, user, status):
    client.force_login(people[user])
    response = client.post(reverse("documents:generate-acceptance", args=[demo.pk, "docx"]))
    assert response.status_code == status


def test_the_reports_page_lists_what_each_user_may_generate(client, demo, people, xihu):
    client.force_login(people["street"])
    page = client.get(reverse("documents:program", args=[demo.pk])).content.decode()
    assert "雒城街道创建工作总结报告" in page and "西湖社区创建工作总结报告" in page
    assert "京皇社区创建工作总结报告" not in page and f"{demo.name}验收报告" not in page
    client.force_login(people["xihu"])
    page = client.get(reverse("documents:program", args=[demo.pk])).content.decode()
    assert "西湖社区创建工作总结报告" in page and "金山社区" not in page


def test_the_ledger_offers_the_reports(client, demo, people):
    client.force_login(people["xihu"])
    page = client.get(reverse("progress:program-detail", args=[demo.pk])).content.decode()
    assert reverse("documents:program", args=[demo.pk]) in page
    client.force_login(people["finance"])
    page = client.get(reverse("progress:program-detail", args=[demo.pk])).content.decode()
    assert reverse("documents:program", args=[demo.pk]) not in page
