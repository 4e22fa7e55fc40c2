"""Excel: the 台账 download, and a county starting its program from the template."""

import io

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.programs.excel import parse_due, split_responsibility, template_workbook
from gongzhi.programs.models import Program, Task
from tests.conftest import make_user


def _export(client, program, capture):
    with capture(execute=True):
        started = client.post(reverse("progress:ledger-export", args=[program.pk]))
    job_page = client.get(started.url)
    assert job_page.context["object"].state == "done"
    response = client.get(reverse("core:job-download", args=[job_page.context["object"].pk]))
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def test_ledger_export_has_one_row_per_task_as_offices_keep_it(
    client, demo, demo_users, django_capture_on_commit_callbacks
):
    client.force_login(demo_users["office"])
    content = _export(client, demo, django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[2]]
    assert header[:8] == [
        "类别",
        "编号",
        "任务内容",
        "特色社区",
        "牵头单位",
        "配合单位",
        "完成时限",
        "状态",
    ]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 33  # 9 city tasks, 18 work items, 6 filings
    task2 = next(r for r in rows if r[0] == "市级任务" and r[1] == 2)
    assert task2[4] == "市委组织部、市民政局"
    assert task2[5] == "市基层治理促进中心、雒城街道、汉州街道"
    assert AuditEntry.objects.filter(action="export", object_id=str(demo.pk)).count() == 1


def test_ledger_export_is_scoped(client, demo, demo_users, django_capture_on_commit_callbacks):
    client.force_login(demo_users["community"])
    content = _export(client, demo, django_capture_on_commit_callbacks)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))
    assert {row[3] for row in rows if row[0] == "特色社区建设任务"} == {"西城社区"}
    assert all(row[0] != "市级任务" for row in rows)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("市民政局，市委组织部、市财政局", (["市民政局"], ["市委组织部", "市财政局"])),
        ("市委组织部、市民政局,各镇(街道)", (["市委组织部", "市民政局"], ["各镇(街道)"])),
        ("市基层治理促进中心", (["市基层治理促进中心"], [])),
    ],
)
def test_responsibility_splits_at_the_first_comma(text, expected):
    assert split_responsibility(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024年5月", "2024-05-31"),
        ("2024年2月", "2024-02-29"),
        ("2024年11月", "2024-11-30"),
        ("2024年10月30日", "2024-10-30"),
        ("2024-06-30", "2024-06-30"),
    ],
)
def test_due_dates_as_the_plan_writes_them(value, expected):
    assert parse_due(value) == expected


@pytest.fixture
def county(db):
    region = Unit.objects.add_unit(None, name="某县", kind="county")
    civil = Unit.objects.add_unit(region, name="县民政局", kind="department")
    Unit.objects.add_unit(region, name="县委组织部", kind="department")
    street = Unit.objects.add_unit(region, name="某街道", kind="street")
    Unit.objects.add_unit(street, name="某社区", kind="community")
    Unit.objects.add_unit(region, name="某镇", kind="town")
    return make_user("county_office", "program_office", civil)


def _upload(client, content):
    """Post the template; the import runs as a background job. Returns the response and the
    job (None when the form refused the file before any job started)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongzhi.core.models import Job

    file = SimpleUploadedFile("program.xlsx", content)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("programs:program-import"), {"file": file})
    job = Job.objects.filter(kind="program_import").order_by("-pk").first()
    return response, (job if response.status_code == 302 else None)


def test_a_county_starts_its_program_from_the_template(client, county):
    client.force_login(county)
    response, job = _upload(client, template_workbook())
    assert response.url == job.get_absolute_url()  # the worker imports it; its page follows
    assert job.state == "done", job.message
    program = Program.objects.get(code="example-2025")
    assert job.result_url == program.get_absolute_url()
    assert not default_storage.listdir("jobs/input")[1]  # the upload is not kept
    task = Task.objects.get(program=program, kind="city", number=1)
    assert str(task.due) == "2025-06-30"
    co = sorted(task.assignments.filter(role="co").values_list("unit__name", flat=True))
    assert co == ["某街道", "某镇"]
    item = Task.objects.get(program=program, kind="pilot_item")
    assert (item.category, item.targets.get().value) == ("service", 4)
    _response, again = _upload(client, template_workbook())
    assert again.state == "done" and "0 处变更" in again.message


def _broken_template():
    book = load_workbook(io.BytesIO(template_workbook()))
    book["市级任务"].append([2, "第二项任务", "县民政局，不存在的局", "2025年13月"])
    book["指标"].append(["任务9", "没有这个任务", "≥", 1, "个"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_template_errors_name_sheet_and_row_and_nothing_is_written(client, county):
    client.force_login(county)
    _response, job = _upload(client, _broken_template())
    errors = job.message.splitlines()
    assert job.state == "failed"
    assert any(e.startswith("指标 第3行") and "任务9" in e for e in errors), errors
    assert Program.objects.count() == 0
    book = load_workbook(io.BytesIO(_broken_template()))
    book["指标"].delete_rows(3)
    buffer = io.BytesIO()
    book.save(buffer)
    _response, job = _upload(client, buffer.getvalue())
    errors = job.message.splitlines()
    assert any(e.startswith("市级任务 第3行") and "不存在的局" in e for e in errors), errors
    assert any(e.startswith("市级任务 第3行") and "due" in e for e in errors), errors
    assert Program.objects.count() == 0


def test_a_file_that_is_not_excel_is_refused(client, county):
    client.force_login(county)
    response, job = _upload(client, b"not a workbook")
    assert response.status_code == 200 and "无法读取" in response.content.decode()
    assert job is None  # refused on the form, before anything was stored
    assert Program.objects.count() == 0


def test_an_office_cannot_import_into_another_region(client, county, demo):
    client.force_login(county)
    book = load_workbook(io.BytesIO(template_workbook()))
    book["项目"]["B2"] = "guanghan-2024"  # someone else's program code
    buffer = io.BytesIO()
    book.save(buffer)
    _response, job = _upload(client, buffer.getvalue())
    assert job.state == "failed" and "不在您的管理范围内" in job.message
    assert Program.objects.get(code="guanghan-2024").name != "某县城乡社区治理“创特色”工程"
