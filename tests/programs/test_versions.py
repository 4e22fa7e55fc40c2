"""Editing a live program: upload a new version (JSON or Excel), see what it changes, confirm."""

import json
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from gongzhi.core.models import AuditEntry, Job
from gongzhi.orgs.models import Unit
from gongzhi.programs.excel import EXAMPLE, document_workbook
from gongzhi.programs.exporter import export_program
from gongzhi.programs.importer import import_program
from gongzhi.programs.models import Assignment, ProgramVersion, Target, Task
from gongzhi.programs.uploads import pending_path
from gongzhi.progress.models import Report
from tests.conftest import make_user


@pytest.fixture
def office(demo_users):
    return demo_users["office"]


def _upload(client, program, doc, name="v2.json"):
    """Post a new version on the versions page; returns the preview job once it has run."""
    if name.endswith(".json"):
        content = json.dumps(doc, ensure_ascii=False).encode()
    else:
        content = document_workbook(doc)
    url = reverse("programs:program-versions", args=[program.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()
    job = Job.objects.filter(kind="program_preview").latest("pk")
    assert response.url == job.get_absolute_url()
    return job


def _confirm(client, preview):
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("programs:upload-apply", args=[preview.pk]))
    job = Job.objects.filter(kind="program_apply").latest("pk")
    assert response.url == job.get_absolute_url()
    return job


def _report(task, unit, author):
    return Report.objects.create(task=task, unit=unit, author=author, text="进展", state="draft")


def _v2(demo):
    """Task 10 added, 西城社区 item 3's target raised from 5 to 6, task 1 loses a co-unit."""
    doc = export_program(demo)
    doc["tasks"].append(
        {
            "number": 10,
            "title": "新增的市级任务。",
            "lead_units": ["市民政局"],
            "co_units": [],
            "due": "2024-11-30",
            "targets": [],
        }
    )
    xicheng = next(p for p in doc["pilots"] if p["community"] == "西城社区")
    assert xicheng["items"][2]["targets"][0]["value"] == 5
    xicheng["items"][2]["targets"][0]["value"] = 6
    doc["tasks"][0]["co_units"].remove("市基层治理促进中心")
    return doc


def _changes(preview_page):
    return sorted(
        (part["action"], group["kind"], record["text"])
        for group in preview_page.context["groups"]
        for part in group["actions"]
        for record in part["records"]
    )


def _task(demo, community=None, number=1):
    if community:
        return Task.objects.get(program=demo, pilot__community__name=community, number=number)
    return Task.objects.get(program=demo, kind="city", number=number)


@pytest.mark.parametrize("name", ["v2.json", "v2.xlsx"])
def test_an_upload_shows_exactly_its_changes_and_writes_nothing_until_confirmed(
    client, demo, office, name
):
    xicheng = Unit.objects.get(name="西城社区")
    _report(_task(demo, "西城社区", 2), xicheng, office)
    _report(_task(demo, number=2), Unit.objects.get(name="市民政局"), office)
    reports = Report.objects.count()
    client.force_login(office)
    preview = _upload(client, demo, _v2(demo), name)
    assert preview.state == "done", preview.message
    assert not default_storage.listdir("jobs/input")[1]  # the upload itself is not kept
    page = client.get(preview.result_url)
    assert page.status_code == 200
    assert _changes(page) == [
        ("create", "市级任务", "任务10 新增的市级任务。"),
        ("create", "责任单位", "市民政局 · 牵头单位"),
        ("delete", "责任单位", "市基层治理促进中心 · 配合单位"),
        ("update", "指标", "链接社会组织 ≥ 6家"),
    ]
    html = page.content.decode()
    assert "确认更新" in html and "新增" in html and "删除" in html and "修改" in html
    # nothing is written before the office confirms
    demo.refresh_from_db()
    assert demo.version == 1 and demo.versions.count() == 1
    assert not Task.objects.filter(program=demo, kind="city", number=10).exists()
    assert Target.objects.get(task=_task(demo, "西城社区", 3), name="链接社会组织").value == 5
    assert Assignment.objects.filter(task=_task(demo), unit__name="市基层治理促进中心").exists()

    applied = _confirm(client, preview)
    assert applied.state == "done", applied.message
    assert applied.result_url == reverse("programs:program-versions", args=[demo.pk])
    demo.refresh_from_db()
    assert demo.version == 2
    version = ProgramVersion.objects.get(program=demo, number=2)
    assert (version.changes, version.source, version.created_by) == (4, name, office)
    assert version.document["tasks"][-1]["number"] == 10
    entry = AuditEntry.objects.filter(object_id=str(demo.pk), action="update").latest("pk")
    assert entry.actor == office and name in entry.message
    assert Task.objects.filter(program=demo, kind="city", number=10).exists()
    assert Target.objects.get(task=_task(demo, "西城社区", 3), name="链接社会组织").value == 6
    assert not Assignment.objects.filter(task=_task(demo), unit__name="市基层治理促进中心").exists()
    assert Report.objects.count() == reports  # reports on the unchanged tasks are still there
    assert not default_storage.exists(pending_path(preview.pk))  # the stored upload is gone
    again = _confirm(client, preview)  # a second confirmation finds nothing to apply
    assert again.state == "failed" and "已经应用" in again.message
    versions = client.get(reverse("programs:program-versions", args=[demo.pk]))
    assert [v.number for v in versions.context["versions"]] == [2, 1]
    assert 'data-version="2"' in versions.content.decode()


def test_tasks_with_reports_are_marked_in_the_changes(client, demo, office):
    _report(_task(demo, number=2), Unit.objects.get(name="市民政局"), office)
    doc = export_program(demo)
    doc["tasks"][1]["title"] = "改写的任务2。"
    client.force_login(office)
    page = client.get(_upload(client, demo, doc).result_url)
    (task_group,) = [g for g in page.context["groups"] if g["kind"] == "市级任务"]
    (record,) = task_group["actions"][0]["records"]
    assert record == {"text": "任务2 改写的任务2。", "reported": True}
    assert "有上报" in page.content.decode()


def test_removing_a_task_with_reports_is_refused_with_the_message(client, demo, office):
    xicheng = Unit.objects.get(name="西城社区")
    _report(_task(demo, "西城社区", 3), xicheng, office)
    doc = export_program(demo)
    pilot = next(p for p in doc["pilots"] if p["community"] == "西城社区")
    pilot["items"] = [item for item in pilot["items"] if item["number"] != 3]
    client.force_login(office)
    preview = _upload(client, demo, doc)
    assert preview.state == "failed"
    assert "西城社区 第3项" in preview.message and "不能从项目中删除" in preview.message
    assert not default_storage.exists(pending_path(preview.pk))
    assert client.get(reverse("programs:upload-preview", args=[preview.pk])).status_code == 404
    demo.refresh_from_db()
    assert demo.version == 1 and _task(demo, "西城社区", 3).reports.count() == 1


def test_a_document_of_another_program_is_refused(client, demo, office):
    doc = export_program(demo)
    doc["code"] = "another-2024"
    client.force_login(office)
    preview = _upload(client, demo, doc)
    assert preview.state == "failed" and "another-2024" in preview.message
    assert "不一致" in preview.message
    assert ProgramVersion.objects.filter(program__code="another-2024").count() == 0


def test_excel_errors_name_sheet_and_row(client, demo, office):
    doc = export_program(demo)
    doc["tasks"][3]["due"] = "@nowhere"
    client.force_login(office)
    preview = _upload(client, demo, doc, name="v2.xlsx")
    assert preview.state == "failed"
    assert re.search(r"市级任务 第5行：tasks\[3\]\.due 没有引用键", preview.message)


def test_a_street_user_is_refused(client, demo, demo_users):
    street = Unit.objects.get(name="雒城街道")
    user = make_user("street_editor", "street", street)
    client.force_login(user)
    url = reverse("programs:program-versions", args=[demo.pk])
    assert client.get(url).status_code == 403
    file = SimpleUploadedFile("v2.json", json.dumps(export_program(demo)).encode())
    assert client.post(url, {"file": file}).status_code == 403
    assert client.get(reverse("programs:program-workbook", args=[demo.pk])).status_code == 403
    document = reverse("programs:version-document", args=[demo.pk, 1])
    assert client.get(document).status_code == 403
    assert Job.objects.count() == 0


def test_a_preview_is_its_owners_alone(client, demo, office):
    client.force_login(office)
    preview = _upload(client, demo, _v2(demo))
    other = make_user("other_office", "program_office", Unit.objects.get(name="市民政局"))
    client.force_login(other)
    assert client.get(reverse("programs:upload-preview", args=[preview.pk])).status_code == 404
    apply = reverse("programs:upload-apply", args=[preview.pk])
    assert client.post(apply).status_code == 404
    assert client.get(apply).status_code in (404, 405)
    demo.refresh_from_db()
    assert demo.version == 1


def test_any_stored_version_downloads_as_json(client, demo, office):
    client.force_login(office)
    response = client.get(reverse("programs:version-document", args=[demo.pk, 1]))
    assert response.status_code == 200
    assert "guanghan-2024-v1.json" in response["Content-Disposition"]
    assert json.loads(response.content)["code"] == "guanghan-2024"
    missing = client.get(reverse("programs:version-document", args=[demo.pk, 9]))
    assert missing.status_code == 404


def test_the_ledger_links_the_versions_page_for_those_who_manage_programs(
    client, demo, office, demo_users
):
    versions = reverse("programs:program-versions", args=[demo.pk])
    client.force_login(office)
    assert versions in client.get(demo.get_absolute_url()).content.decode()
    client.force_login(demo_users["community"])
    assert versions not in client.get(demo.get_absolute_url()).content.decode()


def _tables_outside_responsive_wrappers(html: str) -> int:
    return html.count("<table") - html.count('<div class="table-responsive"><table')


def test_the_pages_fit_a_phone(client, demo, office):
    client.force_login(office)
    versions = client.get(reverse("programs:program-versions", args=[demo.pk])).content.decode()
    preview = _upload(client, demo, _v2(demo))
    page = client.get(preview.result_url).content.decode()
    for html in (versions, page):
        assert 'name="viewport"' in html
        assert _tables_outside_responsive_wrappers(html) == 0
        assert not re.search(r"style=\"[^\"]*(?<!max-)width:\s*\d{3,}px", html)


def test_importing_the_same_document_with_strands_again_changes_nothing(db):
    region = Unit.objects.add_unit(None, name="某县", kind="county")
    Unit.objects.add_unit(region, name="县民政局", kind="department")
    Unit.objects.add_unit(region, name="县委组织部", kind="department")
    street = Unit.objects.add_unit(region, name="某街道", kind="street")
    Unit.objects.add_unit(street, name="某社区", kind="community")
    import_program(EXAMPLE)
    assert import_program(EXAMPLE)[1] == 0
