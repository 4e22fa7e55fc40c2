"""Registry imports: one write path with the forms (same validation, same audit), all or nothing,
a fixed number of queries whatever the rows, limits, no personal data in messages; exports hold
no formulas."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.community.jobs import registry_import
from gongzhi.community.models import SocialOrganization, Station, Volunteer
from gongzhi.core import crypto
from gongzhi.core.jobs import Progress
from gongzhi.core.models import AuditEntry, Job
from gongzhi.orgs.models import Unit
from gongzhi.programs.excel import ledger_workbook, template_workbook
from tests.community.test_excel import (
    ORG_HEADERS,
    STATION_HEADERS,
    VOLUNTEER_HEADERS,
    _export,
    _workbook,
)
from tests.core.test_excel import FORMULAS, assert_no_formulas


def _org(name, category="公益慈善", unit="西城社区"):
    return (name, unit, category, "备案", "", "", "否", "否", "", "", "是")


def _import(owner, registry, content) -> Job:
    """Run the import job as the worker runs it."""
    path = default_storage.save("jobs/input/test.xlsx", ContentFile(content))
    job = Job.objects.create(
        owner=owner, kind="registry_import", title="t", params={"registry": registry, "path": path}
    )
    from gongzhi.core.jobs import JobFailed

    try:
        result = registry_import(job, Progress(job))
    except JobFailed as error:
        job.state, job.message = "failed", str(error)
    else:
        job.state, job.message = "done", result.message
    return job


def test_a_bad_row_is_named_by_row_and_chinese_column(demo, demo_users):
    job = _import(
        demo_users["office"],
        "organizations",
        _workbook(ORG_HEADERS, [_org("好组织"), _org("坏组织", category="看不懂")]),
    )
    assert job.state == "failed"
    assert "第3行“类别”：“看不懂”不是可选值" in job.message


def test_the_model_rules_of_the_form_apply_to_imported_rows(demo, demo_users):
    """A running station needs a check date (Station.clean): the same rule as the form."""
    row = ("西城社工室", "村（社区）社工室", "西城社区", "", "", 2, "", "是", "", "")
    job = _import(demo_users["office"], "stations", _workbook(STATION_HEADERS, [row]))
    assert job.state == "failed"
    assert "第2行“核查日期”：标记为正常运行时请填写核查日期。" in job.message
    assert Station.objects.count() == 0


def test_nothing_is_written_when_one_row_of_many_is_bad(demo, demo_users):
    rows = [_org(f"组织{n}") for n in range(60)] + [_org("外地组织", unit="别的县社区")]
    job = _import(demo_users["office"], "organizations", _workbook(ORG_HEADERS, rows))
    assert job.state == "failed" and "第62行“所属社区（单位）”" in job.message
    assert SocialOrganization.objects.count() == 0
    assert not AuditEntry.objects.filter(object_type="community.socialorganization").exists()


def test_duplicate_rows_name_the_person_with_a_masked_phone(demo, demo_users):
    rows = [
        ("张三", "西城社区", "13312345678", "", "", "是"),
        ("张三丰", "西城社区", "133 1234 5678", "", "", "是"),
    ]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "failed"
    assert "第3行：与第2行重复（西城社区、133****5678）" in job.message
    assert "13312345678" not in job.message and "1234" not in job.message.replace("****", "")


def test_row_errors_never_show_a_full_id_number(demo, demo_users):
    rows = [("李四", "西城社区", "1331234", "51068119900101123", "", "是")]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "failed" and "第2行“手机号”" in job.message
    assert "51068119900101123" not in job.message and "1331234" not in job.message


def test_an_imported_update_is_audited_with_before_and_after(office_client, demo_users):
    SocialOrganization.objects.create(
        name="西城邻里互助会",
        unit=Unit.objects.get(name="西城社区"),
        category="charity",
        filing="filed",
    )
    job = _import(
        demo_users["office"],
        "organizations",
        _workbook(ORG_HEADERS, [_org("西城邻里互助会", category="生活服务")]),
    )
    assert job.state == "done" and "更新 1 行" in job.message, job.message
    entry = AuditEntry.objects.get(object_type="community.socialorganization", action="update")
    assert (entry.before["category"], entry.after["category"]) == ("charity", "living")
    assert entry.actor == demo_users["office"] and entry.unit.name == "西城社区"


def _volunteers(count: int, start: int = 0, skills: str = "助老") -> bytes:
    communities = ["西城社区", "金山社区"]
    rows = [
        (f"志愿者{n}", communities[n % 2], f"139{n:08d}", "", skills, "是")
        for n in range(start, start + count)
    ]
    return _workbook(VOLUNTEER_HEADERS, rows)


def _queries(owner, content) -> int:
    with CaptureQueriesContext(connection) as captured:
        job = _import(owner, "volunteers", content)
    assert job.state == "done", job.message
    return len(captured)


def test_the_queries_of_an_import_do_not_grow_with_its_rows(demo, demo_users):
    owner = demo_users["office"]
    ten, hundred = _queries(owner, _volunteers(10)), _queries(owner, _volunteers(100, start=10))
    print(f"queries: 10 rows {ten}, 100 rows {hundred}")
    assert hundred <= ten + 2, (ten, hundred)
    # the same people again, changed: now every row updates a stored record
    again = _queries(owner, _volunteers(100, start=10, skills="摄影"))
    print(f"queries: 100 rows updated {again}")
    assert again <= ten + 2, (ten, again)
    assert Volunteer.objects.count() == 110
    assert Volunteer.objects.filter(skills="摄影").count() == 100


def test_rows_beyond_the_limit_are_refused(demo, demo_users, settings):
    settings.GZ_IMPORT_MAX_ROWS = 5
    job = _import(demo_users["office"], "volunteers", _volunteers(6))
    assert job.state == "failed" and "文件超过 5 行" in job.message
    assert Volunteer.objects.count() == 0


def test_an_upload_over_the_size_limit_is_refused_and_not_stored(office_client, settings):
    settings.GZ_IMPORT_MAX_BYTES = 2**20
    content = _volunteers(10) + b"\0" * 2**20  # still a zip, now over 1 MB
    response = office_client.post(
        reverse("community:import", args=["volunteers"]),
        {"file": SimpleUploadedFile("big.xlsx", content)},
    )
    assert response.status_code == 200 and "文件超过 1 MB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_decompression_bomb_is_refused_before_parsing(office_client, settings):
    import zipfile

    settings.GZ_IMPORT_MAX_UNPACKED = 2 * 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<si><t>" + b"A" * (4 * 2**20) + b"</t></si>")
    response = office_client.post(
        reverse("community:import", args=["volunteers"]),
        {"file": SimpleUploadedFile("bomb.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 200 and "解压后过大" in response.content.decode()
    assert not Job.objects.exists()


def test_a_masked_phone_keeps_the_stored_one_and_a_new_record_needs_the_full_one(demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    Volunteer.objects.create(name="王五", unit=xicheng, phone="13700000009")
    rows = [("王五", "西城社区", "137****0009", "", "摄影", "是")]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "done", job.message
    volunteer = Volunteer.objects.get()
    assert (volunteer.phone.reveal(), volunteer.skills) == ("13700000009", "摄影")
    rows = [("赵六", "西城社区", "137****0010", "", "", "是")]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "failed" and "第2行“手机号”：新增的记录须填写完整的值" in job.message


@pytest.mark.parametrize(
    "registry", ["organizations", "stations", "workers", "volunteers", "donors", "brand-projects"]
)
def test_every_registry_export_writes_formula_looking_text_as_text(
    office_client, django_capture_on_commit_callbacks, registry
):
    from gongzhi.community.registries import REGISTRIES
    from tests.community.test_excel import _one_of_each

    _one_of_each()
    model = REGISTRIES[registry].model
    for text, record in zip(FORMULAS, model.objects.all(), strict=False):
        record.name = text
        record.save()
    content = _export(office_client, django_capture_on_commit_callbacks, registry)
    cells = assert_no_formulas(content)
    assert FORMULAS[0] in [cell.value for cell in cells]
    template = office_client.get(reverse("community:import-template", args=[registry]))
    assert_no_formulas(template.content)


def test_the_ledger_and_the_program_template_write_formula_looking_text_as_text(
    client, demo, demo_users, django_capture_on_commit_callbacks
):
    from gongzhi.programs.models import Task

    demo.name = "=1+1"
    demo.save()
    task = Task.objects.filter(program=demo).first()
    Task.objects.filter(pk=task.pk).update(text=FORMULAS[0])
    client.force_login(demo_users["office"])
    cells = assert_no_formulas(
        client.post(reverse("progress:ledger-export", args=[demo.pk])).content
    )
    assert FORMULAS[0] in [cell.value for cell in cells]
    row = dict.fromkeys(
        ["类别", "编号", "任务内容", "特色社区", "牵头单位", "配合单位", "完成时限", "状态"], ""
    )
    row.update({"最新进展": FORMULAS[0], "佐证材料数": 0, "审核意见": "@x"})
    assert_no_formulas(ledger_workbook(demo, [row]))
    assert_no_formulas(template_workbook())


def test_imported_people_are_stored_encrypted_indexed_and_audited_by_their_ids(demo, demo_users):
    rows = [
        ("张三", "西城社区", "138 0000 0001", "11010519491231002x", "", "是"),
        ("李四", "西城社区", "13800000002", "", "摄影", "是"),
    ]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "done", job.message
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM community_volunteer")
        stored = cursor.fetchall()
    assert all(phone.startswith("gz2:") for phone, _id in stored)
    assert "11010519491231002X" not in str(stored) and "13800000001" not in str(stored)
    zhang = Volunteer.objects.get(phone_index=crypto.blind_index("13800000001"))
    assert zhang.name == "张三" and zhang.id_number.reveal() == "11010519491231002X"
    assert zhang.id_number_index == crypto.blind_index("11010519491231002X")
    entries = AuditEntry.objects.filter(object_type="community.volunteer", action="create")
    assert sorted(int(e.object_id) for e in entries) == sorted(
        Volunteer.objects.values_list("pk", flat=True)
    )
    assert entries.get(object_id=str(zhang.pk)).after["phone"] == "138****0001"
    # the same phone typed another way is the same person: updated, not added
    rows = [("张三", "西城社区", "１３８-0000-0001", "", "摄影", "是")]
    job = _import(demo_users["office"], "volunteers", _workbook(VOLUNTEER_HEADERS, rows))
    assert job.state == "done", job.message
    assert Volunteer.objects.count() == 2
    assert Volunteer.objects.get(pk=zhang.pk).skills == "摄影"
