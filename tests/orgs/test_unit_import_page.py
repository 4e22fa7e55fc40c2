"""The unit import page: upload → the plan (nothing written) → 确认导入 → the units exist."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.models import AuditEntry, Job
from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit, UnitStatistics
from tests.conftest import make_user
from tests.orgs.test_unit_import import _workbook

pytestmark = pytest.mark.django_db

ROWS = [
    ["测试市", "丙街道", "街道", "510000001000", ""],
    ["测试市/丙街道", "丙一社区", "社区", "510000001001", ""],
    ["测试市/甲街道", "甲一社区", "社区", "510000002001", "改了代码"],
]
STATS = [["510000001001", 2024, 3000, 1000, 2.5]]


def _upload(client, capture, content: bytes, name="units.xlsx"):
    with capture(execute=True):
        response = client.post(
            reverse("orgs:unit-import"), {"file": SimpleUploadedFile(name, content)}
        )
    assert response.status_code == 302
    return Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])


def _stored_uploads(settings):
    folder = settings.MEDIA_ROOT / "jobs" / "input"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_office_plans_then_confirms_an_import(
    client, tree, office, settings, django_capture_on_commit_callbacks
):
    client.force_login(office)
    units_before, audited = Unit.objects.count(), AuditEntry.objects.count()
    plan_job = _upload(client, django_capture_on_commit_callbacks, _workbook(ROWS, STATS).read())
    assert plan_job.state == "done", plan_job.message
    assert (Unit.objects.count(), AuditEntry.objects.count()) == (units_before, audited)
    assert len(_stored_uploads(settings)) == 1  # kept for the confirmation
    plan_url = reverse("orgs:unit-import-plan", args=[plan_job.pk])
    assert plan_job.result_url == plan_url
    page = client.get(plan_url).content.decode()
    for shown in ("测试市/丙街道/丙一社区", "测试市/甲街道/甲一社区", "510000002001", "改了代码"):
        assert shown in page
    assert "新增 2 个单位，更新 1 个，未变 0 个。" in page
    assert "统计数据新增 1 条" in page and "确认导入" in page

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(plan_url)
    apply_job = Job.objects.exclude(pk=plan_job.pk).get()
    assert confirmed.url == apply_job.get_absolute_url()
    assert apply_job.state == "done", apply_job.message
    community = Unit.objects.get(code="510000001001")
    assert Unit.objects.parent_of(community).name == "丙街道"
    assert UnitStatistics.objects.get(unit=community, year=2024).residents == 3000
    assert Unit.objects.get(name="甲一社区").code == "510000002001"
    assert AuditEntry.objects.count() - audited == 4  # 2 units created, 1 updated, 1 statistic
    assert AuditEntry.objects.filter(actor=office).count() == AuditEntry.objects.count()
    assert _stored_uploads(settings) == []  # deleted after the import

    # a plan is confirmed once
    again = client.get(plan_url).content.decode()
    assert "confirm-import" not in again and "已确认导入" in again
    with django_capture_on_commit_callbacks(execute=True):
        client.post(plan_url)
    assert Job.objects.count() == 2


def test_a_yaml_upload_with_errors_fails_with_its_places_and_leaves_no_file(
    client, tree, office, settings, django_capture_on_commit_callbacks
):
    client.force_login(office)
    text = "region: {name: 测试市, kind: county}\nunits:\n  - {name: 丁街道, kind: planet}\n"
    job = _upload(client, django_capture_on_commit_callbacks, text.encode(), "units.yaml")
    assert job.state == "failed"
    assert "units[0].kind：类型“planet”不是可用的单位类型" in job.message
    assert _stored_uploads(settings) == []
    assert client.get(reverse("orgs:unit-import-plan", args=[job.pk])).status_code == 404


def test_a_file_that_changes_nothing_offers_no_confirmation(
    client, tree, office, settings, django_capture_on_commit_callbacks
):
    client.force_login(office)
    rows = [["测试市", "甲街道", "街道", "", ""]]
    job = _upload(client, django_capture_on_commit_callbacks, _workbook(rows).read())
    page = client.get(reverse("orgs:unit-import-plan", args=[job.pk])).content.decode()
    assert "没有需要导入的变化" in page and "confirm-import" not in page
    assert _stored_uploads(settings) == []


def test_other_files_are_refused_on_the_form(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("orgs:unit-import"), {"file": SimpleUploadedFile("units.csv", b"a,b")}
    )
    assert response.status_code == 200
    assert "请上传 Excel（.xlsx）或 YAML（.yaml、.yml）文件。" in response.content.decode()
    not_excel = SimpleUploadedFile("units.xlsx", b"not a zip")
    response = client.post(reverse("orgs:unit-import"), {"file": not_excel})
    assert "文件无法读取为 Excel（.xlsx）。" in response.content.decode()
    assert Job.objects.count() == 0


def test_a_community_user_is_refused(client, tree, office, community_user):
    client.force_login(community_user)
    assert client.get(reverse("orgs:unit-import")).status_code == 403
    job = Job.objects.create(owner=community_user, kind="unit_import_plan", title="x", state="done")
    assert client.get(reverse("orgs:unit-import-plan", args=[job.pk])).status_code == 403
    assert "导入单位" not in client.get(reverse("orgs:unit-list")).content.decode()


def test_a_plan_is_its_owners_alone(client, tree, office, django_capture_on_commit_callbacks):
    client.force_login(office)
    job = _upload(client, django_capture_on_commit_callbacks, _workbook(ROWS).read())
    other = make_user("office_2", Role.PROGRAM_OFFICE, tree.finance)
    client.force_login(other)
    url = reverse("orgs:unit-import-plan", args=[job.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Unit.objects.filter(name="丙街道").count() == 0


def test_the_list_links_the_import_and_the_template_downloads(client, tree, office):
    client.force_login(office)
    assert reverse("orgs:unit-import") in client.get(reverse("orgs:unit-list")).content.decode()
    response = client.get(reverse("orgs:unit-import-template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["单位", "统计", "说明"]
    headers = [cell.value for cell in workbook["单位"][1]]
    assert headers == ["上级单位", "名称", "类型", "区划代码", "备注"]
    assert workbook["单位"].max_row == 3
    assert workbook["统计"].max_row == 3


def test_the_unit_page_shows_its_code_and_statistics(client, tree, office):
    Unit.objects.filter(pk=tree.community_a1.pk).update(code="510000002001")
    UnitStatistics.objects.create(unit=tree.community_a1, year=2023, residents=4321)
    UnitStatistics.objects.create(unit=tree.community_a1, year=2024, households=1234)
    client.force_login(office)
    page = client.get(reverse("orgs:unit-detail", args=[tree.community_a1.pk])).content.decode()
    assert "510000002001" in page
    table = page[page.index('data-testid="unit-statistics"') :]
    assert table.index("2024") < table.index("2023")
    assert "4321" in table and "1234" in table
