"""The exchange page: export by scope, upload → dry run → 确认导入, only by the uploader."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.core.models import Job
from gongzhi.core.roles import Role
from gongzhi.exchange.files import to_json
from gongzhi.exchange.models import ServiceItem
from tests.exchange.conftest import imported, item


@pytest.fixture(autouse=True)
def _jobs_run(django_capture_on_commit_callbacks, monkeypatch):
    """A request's queued jobs run when it answers, as if its transaction had committed."""

    def post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    monkeypatch.setattr(__import__(__name__, fromlist=["_post"]), "_post", post)


def _post(client, url, data=None):
    raise AssertionError("replaced by the _jobs_run fixture")


def _upload(client, records, name="hdx.json"):
    upload = SimpleUploadedFile(name, to_json(records))
    return _post(client, reverse("exchange:import"), {"file": upload})


def test_upload_runs_a_dry_run_then_confirm_writes(logged_in):
    client = logged_in(Role.COMMUNITY)
    response = _upload(client, {"service_items": [item("A"), item("B")]})
    dry_run = Job.objects.get()
    assert response.url == dry_run.get_absolute_url()
    assert dry_run.state == Job.State.DONE and "新增 2" in dry_run.message
    assert not ServiceItem.objects.exists()
    page = client.get(reverse("exchange:confirm", args=[dry_run.pk]))
    assert "确认导入" in page.content.decode()
    _post(client, reverse("exchange:confirm", args=[dry_run.pk]))
    assert ServiceItem.objects.count() == 2
    # the same dry run cannot be confirmed twice
    assert client.post(reverse("exchange:confirm", args=[dry_run.pk])).status_code == 403


def test_only_the_uploader_confirms(logged_in):
    _upload(logged_in(Role.COMMUNITY), {"service_items": [item("A")]})
    dry_run = Job.objects.get()
    other = logged_in(Role.STREET)
    assert other.post(reverse("exchange:confirm", args=[dry_run.pk])).status_code == 404
    assert not ServiceItem.objects.exists()


def test_a_bad_file_fails_its_dry_run_with_the_rows_named(logged_in):
    _upload(logged_in(Role.COMMUNITY), {"service_items": [item("A", status="x")]})
    job = Job.objects.get()
    assert job.state == Job.State.FAILED
    assert "服务事项第 1 条：状态：代码无效" in job.message


def test_a_wrong_file_type_is_refused(logged_in):
    client = logged_in(Role.COMMUNITY)
    _upload(client, {}, name="hdx.csv")
    assert not Job.objects.exists()


def test_export_is_scoped_and_masked(logged_in, users):
    imported(users[Role.PROGRAM_OFFICE], service_items=[item("A"), item("C", community="乙一社区")])
    response = logged_in(Role.COMMUNITY).post(reverse("exchange:export", args=["json"]))
    document = json.loads(response.content)
    assert [r["hdx_id"] for r in document["records"]["service_items"]] == ["A"]
    assert "13800001111" not in response.content.decode()
    assert document["schema"] == "haodexing" and document["version"] == 1
    xlsx = logged_in(Role.STREET).post(reverse("exchange:export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_page_lists_the_service_items_in_reach(logged_in, users):
    imported(users[Role.PROGRAM_OFFICE], service_items=[item("A"), item("C", community="乙一社区")])
    page = logged_in(Role.COMMUNITY).get(reverse("exchange:home")).content.decode()
    assert "A" in page and "乙一社区" not in page
    assert "上传并试导入" in page
    assert (
        "上传并试导入" not in logged_in(Role.FINANCE).get(reverse("exchange:home")).content.decode()
    )


def test_a_large_export_runs_as_a_job_with_the_same_file(logged_in, users, settings):
    """Above GZ_INLINE_EXPORT_MAX_ROWS the export goes to its job page (progress, then the file);
    the file is the one a small export answers at once, and both are audited."""
    from gongzhi.core.models import AuditEntry

    imported(users[Role.PROGRAM_OFFICE], service_items=[item("A"), item("C", community="乙一社区")])
    client = logged_in(Role.STREET)
    url = reverse("exchange:export", args=["json"])
    at_once = client.post(url, {"kind": "service_items"})
    assert at_once["Content-Type"].startswith("application/json")
    assert at_once["Content-Disposition"].endswith(".json")
    settings.GZ_INLINE_EXPORT_MAX_ROWS = 0
    started = _post(client, url, {"kind": "service_items"})
    job = Job.objects.get(kind="haodexing_export")
    assert started.url == job.get_absolute_url()
    assert job.state == Job.State.DONE and job.total == job.done == 1
    assert job.result_name.endswith(".json") and job.result_name.startswith("好德行交换服务事项")
    with job.result.open("rb") as stored:
        assert json.loads(stored.read())["records"] == json.loads(at_once.content)["records"]
    assert AuditEntry.objects.filter(action="export").count() == 2
