"""The office's Word templates: a replacement must render with the report data; the one in
use is downloadable; reverting brings the default back. Every change is audited."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.documents.data import report_data
from gongzhi.documents.default_templates import build
from gongzhi.documents.models import DocumentTemplate
from gongzhi.documents.subjects import subject_of
from gongzhi.documents.word import report_docx
from tests.documents.conftest import docx_text

TEMPLATE = "documents.documenttemplate"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def edited_template(old: str, new: str) -> bytes:
    """The default summary template with one paragraph's text changed."""
    document = Document(io.BytesIO(build("summary")))
    (paragraph,) = [p for p in document.paragraphs if p.text == old]
    paragraph.text = new
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name="模板.docx", kind="summary"):
    return client.post(
        reverse("documents:templates"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=DOCX)},
    )


@pytest.fixture
def office_client(client, people):
    client.force_login(people["office"])
    return client


def test_a_valid_replacement_is_used_for_the_next_reports(office_client, demo, xihu):
    response = upload(
        office_client, edited_template("一、基本情况", "一、社区概况（{{ subject }}）")
    )
    assert response.status_code == 302
    template = DocumentTemplate.objects.get(kind="summary")
    text = docx_text(report_docx("summary", report_data(subject_of(demo, xihu.pk))))
    assert "一、社区概况（西湖社区）" in text and "一、基本情况" not in text
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_type=TEMPLATE)
    assert entry.before == {"template": "默认模板"} and entry.after["template"] == "模板.docx"
    download = office_client.get(reverse("documents:template-download", args=["summary"]))
    assert b"".join(download.streaming_content) == template.file.open("rb").read()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (edited_template("一、基本情况", "{{ 不存在的名称 }}"), "模板使用了报告数据中没有的名称"),
        (edited_template("一、基本情况", "{% if %}"), "模板中的标记有误"),
        (b"plain text, not a Word file", "内容与扩展名不符"),
    ],
)
def test_an_invalid_replacement_is_refused_with_its_reason(office_client, content, message):
    response = upload(office_client, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    assert not AuditEntry.objects.filter(object_type=TEMPLATE).exists()


def test_a_pdf_is_not_a_template(office_client):
    response = upload(office_client, b"%PDF-1.4 minimal", name="模板.pdf")
    assert "模板须为 Word（.docx）文件" in response.content.decode()


def test_reverting_brings_the_default_back(office_client, demo, xihu):
    upload(office_client, edited_template("一、基本情况", "一、社区概况"))
    response = office_client.post(reverse("documents:template-revert", args=["summary"]))
    assert response.status_code == 302
    assert not DocumentTemplate.objects.exists()
    text = docx_text(report_docx("summary", report_data(subject_of(demo, xihu.pk))))
    assert "一、基本情况" in text
    assert AuditEntry.objects.filter(action=Action.DELETE, object_type=TEMPLATE).exists()
    default = office_client.get(reverse("documents:template-download", args=["summary"]))
    assert docx_text(default.content) == docx_text(build("summary"))
    assert AuditEntry.objects.filter(action=Action.DOWNLOAD, message__contains="默认模板").exists()


def test_the_shipped_defaults_are_what_the_script_builds():
    from gongzhi.documents.default_templates import default_path

    for kind in ("summary", "acceptance"):
        shipped = docx_text(default_path(kind).read_bytes())
        assert shipped == docx_text(build(kind)), f"run manage.py build_report_templates ({kind})"


def test_only_the_office_manages_templates(client, people):
    client.force_login(people["street"])
    assert client.get(reverse("documents:templates")).status_code == 403
    assert upload(client, build("summary")).status_code == 403
