"""Evidence files: checked by content, limited in size, thumbnailed, served only within scope."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from gongzhi.orgs.models import Unit
from gongzhi.progress import services
from gongzhi.progress.models import Evidence, Report
from tests.progress.helpers import pdf, photo


def _xlsx():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return SimpleUploadedFile("ledger.xlsx", buffer.getvalue())


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # parts in an unusual order, as WPS writes them
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("[Content_Types].xml", "<Types/>")
    return SimpleUploadedFile("summary.docx", buffer.getvalue())


def _create(demo_users, item4, files):
    return services.report_create(
        actor=demo_users["community"],
        task=item4,
        unit=Unit.objects.get(name="西城社区"),
        text="进展",
        files=files,
    )


def test_office_files_images_and_pdf_are_accepted(demo_users, item4):
    report = _create(demo_users, item4, [photo(), pdf(), _xlsx(), _docx()])
    kinds = dict(report.evidence.values_list("name", "content_type"))
    assert kinds["meeting.jpg"] == "image/jpeg"
    assert kinds["summary.docx"].endswith("wordprocessingml.document")
    assert report.evidence.exclude(thumbnail="").count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 100), "类型不允许"),
        (SimpleUploadedFile("photo.jpg", b"MZ\x90\x00" + b"\x00" * 100), "内容与扩展名不符"),
        (SimpleUploadedFile("run.sh.pdf", b"#!/bin/sh\nrm -rf /\n"), "内容与扩展名不符"),
        (SimpleUploadedFile("fake.docx", b"PK\x03\x04not really a zip"), "内容与扩展名不符"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_saved(demo_users, item4, upload, message):
    with pytest.raises(ValidationError) as error:
        _create(demo_users, item4, [photo(), upload])
    assert message in str(error.value)
    assert upload.name in str(error.value)
    assert Report.objects.count() == 0
    assert Evidence.objects.count() == 0


def test_files_over_the_size_limit_are_refused(demo_users, item4, settings):
    settings.GZ_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="超过 1 MB"):
        _create(demo_users, item4, [_big_pdf()])


def _big_pdf():
    return SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))


def test_evidence_is_served_only_within_scope(client, demo_users, item4):
    report = _create(demo_users, item4, [photo()])
    evidence = report.evidence.get()
    url = reverse("progress:evidence-file", args=[evidence.pk])
    client.force_login(demo_users["street"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(demo_users["agency"])
    assert client.get(url).status_code == 404
    assert client.get(reverse("dashboards:public-evidence", args=[evidence.pk])).status_code == 404


def test_only_evidence_marked_public_on_approved_reports_is_public(client, demo_users, item4):
    report = _create(demo_users, item4, [photo(), photo("second.jpg")])
    for actor in ("community", "street", "office"):
        (services.report_submit if actor == "community" else services.report_approve)(
            actor=demo_users[actor], report=report
        )
    shown, hidden = report.evidence.order_by("pk")
    services.evidence_set_public(actor=demo_users["street"], evidence=shown, is_public=True)
    public = client.get(reverse("dashboards:public-program", args=["guanghan-2024"]))
    html = public.content.decode()
    assert reverse("dashboards:public-evidence", args=[shown.pk]) in html
    assert reverse("dashboards:public-evidence", args=[hidden.pk]) not in html
    assert client.get(reverse("dashboards:public-evidence", args=[shown.pk])).status_code == 200
    assert client.get(reverse("dashboards:public-evidence", args=[hidden.pk])).status_code == 404
