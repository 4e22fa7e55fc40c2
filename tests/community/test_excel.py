"""Every registry exports to Excel and imports back; bad rows are named and nothing is written."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongzhi.community.models import SocialOrganization, Station
from gongzhi.core.excel import XLSX
from gongzhi.core.models import AuditEntry, Job
from gongzhi.orgs.models import Unit


def _run(client, capture, url, data=None):
    with capture(execute=True):
        response = client.post(url, data or {})
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    return job


def _download(client, job):
    response = client.get(reverse("core:job-download", args=[job.pk]))
    return b"".join(response.streaming_content)


def _export(client, capture, registry) -> bytes:
    """Export a registry: a small one is the answer itself, a large one a job to download."""
    with capture(execute=True):
        response = client.post(reverse("community:export", args=[registry]))
    if response.status_code == 200:
        assert response["Content-Type"] == XLSX
        return response.content
    job = Job.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert job.state == "done", job.message
    return _download(client, job)


def _upload(client, capture, registry, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile(f"{registry}.xlsx", content)
    return _run(client, capture, reverse("community:import", args=[registry]), {"file": file})


def _workbook(headers, rows):
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet(content):
    """(headers, rows) of a workbook's first sheet."""
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    return list(rows[0]), [tuple("" if v is None else v for v in row) for row in rows[1:]]


VOLUNTEER_HEADERS = ["姓名", "所属社区", "手机号", "身份证号", "特长", "在册"]
STATION_HEADERS = [
    "名称",
    "类型",
    "所在单位",
    "地址",
    "运营机构",
    "驻站人数",
    "开放时间",
    "正常运行",
    "核查日期",
    "核查情况",
]
ORG_HEADERS = [
    "名称",
    "所属社区（单位）",
    "类别",
    "登记备案",
    "统一社会信用代码",
    "品牌组织年度",
    "已建立党组织",
    "入驻社工室",
    "联系人",
    "联系电话",
    "存续",
]


def test_organisations_export_and_import_back(office_client, django_capture_on_commit_callbacks):
    xicheng = Unit.objects.get(name="西城社区")
    SocialOrganization.objects.create(
        name="西城邻里互助会",
        unit=xicheng,
        category="living",
        filing="filed",
        contact_name="刘一",
        contact_phone="13812345678",
    )
    content = _export(office_client, django_capture_on_commit_callbacks, "organizations")
    headers, rows = _sheet(content)
    assert headers == ORG_HEADERS
    assert rows[0][:4] == ("西城邻里互助会", "西城社区", "生活服务", "备案")
    assert rows[0][9] == "138****5678"  # exports show masked phones

    SocialOrganization.objects.all().update(category="charity")  # change it, then import back
    imported = _upload(office_client, django_capture_on_commit_callbacks, "organizations", content)
    assert imported.state == "done", imported.message
    org = SocialOrganization.objects.get()
    assert (org.category, org.contact_phone.reveal()) == ("living", "13812345678")  # kept
    assert (org.is_active, org.has_party_branch) == (True, False)
    assert "更新 1 行" in imported.message


def test_a_bad_row_is_named_and_nothing_is_written(
    office_client, django_capture_on_commit_callbacks
):
    rows = [
        ("好组织", "西城社区", "公益慈善", "备案", "", "", "否", "否", "", "", "是"),
        ("坏类别", "西城社区", "看不懂", "备案", "", "", "否", "否", "", "", "是"),
        ("外地", "别的县社区", "公益慈善", "备案", "", "", "否", "否", "", "", "是"),
        ("含糊", "西城社区", "公益慈善", "备案", "", "", "也许", "否", "", "", "是"),
    ]
    job = _upload(
        office_client,
        django_capture_on_commit_callbacks,
        "organizations",
        _workbook(ORG_HEADERS, rows),
    )
    assert job.state == "failed"
    assert "第3行" in job.message and "看不懂" in job.message
    assert "第4行" in job.message and "别的县社区" in job.message
    assert "第5行" in job.message and "也许" in job.message
    assert SocialOrganization.objects.count() == 0


def test_duplicates_are_matched_by_unit_and_name(office_client, django_capture_on_commit_callbacks):
    headers = STATION_HEADERS
    rows = [("西城社工室", "村（社区）社工室", "西城社区", "", "", 2, "", "是", "2024-06-01", "")]
    first = _upload(
        office_client, django_capture_on_commit_callbacks, "stations", _workbook(headers, rows)
    )
    assert first.state == "done", first.message
    again = _upload(
        office_client, django_capture_on_commit_callbacks, "stations", _workbook(headers, rows)
    )
    assert "未变 1 行" in again.message
    assert Station.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="community.station", action="create").count() == 1


def test_a_street_may_not_import_into_another_street(
    client, demo, demo_users, django_capture_on_commit_callbacks
):
    client.force_login(demo_users["street"])  # 雒城街道
    rows = [("京皇组织", "京皇社区", "公益慈善", "备案", "", "", "否", "否", "", "", "是")]
    job = _upload(
        client, django_capture_on_commit_callbacks, "organizations", _workbook(ORG_HEADERS, rows)
    )
    assert job.state == "failed" and "京皇社区" in job.message
    assert SocialOrganization.objects.count() == 0


def test_the_template_has_the_chinese_headers(office_client):
    response = office_client.get(reverse("community:import-template", args=["organizations"]))
    assert _sheet(response.content)[0] == ORG_HEADERS


def test_a_file_that_is_not_excel_is_refused_on_upload(office_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("stations.xlsx", b"hello")
    response = office_client.post(reverse("community:import", args=["stations"]), {"file": upload})
    assert response.status_code == 200 and "无法读取" in response.content.decode()
    assert not Job.objects.exists()


def test_duplicate_rows_in_a_file_are_named(office_client, django_capture_on_commit_callbacks):
    rows = [
        ("重复组织", "西城社区", "公益慈善", "备案", "", "", "否", "否", "", "", "是"),
        ("重复组织", "西城社区", "文体活动", "备案", "", "", "否", "否", "", "", "是"),
    ]
    job = _upload(
        office_client,
        django_capture_on_commit_callbacks,
        "organizations",
        _workbook(ORG_HEADERS, rows),
    )
    assert job.state == "failed" and "第3行：与第2行重复" in job.message
    assert SocialOrganization.objects.count() == 0


def _one_of_each():
    from gongzhi.community.models import BrandProject, Donor, SocialWorker, Volunteer

    xicheng, street = Unit.objects.get(name="西城社区"), Unit.objects.get(name="雒城街道")
    agency = Unit.objects.get(kind="agency")
    SocialOrganization.objects.create(
        name="甲组织", unit=xicheng, category="living", filing="filed"
    )
    Station.objects.create(name="雒城社工站", kind="town", unit=street, operator=agency)
    SocialWorker.objects.create(name="社工甲", unit=agency, phone="13700000001")
    Volunteer.objects.create(
        name="志愿者甲", unit=xicheng, phone="13700000002", id_number="510681199001011230"
    )
    Donor.objects.create(name="商家甲", kind="merchant", unit=xicheng, contact_phone="13700000003")
    project = BrandProject.objects.create(name="邻里守望", unit=street, year=2024)
    project.communities.set([xicheng, Unit.objects.get(name="金山社区")])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    "registry", ["organizations", "stations", "workers", "volunteers", "donors", "brand-projects"]
)
def test_every_registry_exports_and_imports_back(
    office_client, django_capture_on_commit_callbacks, registry, language
):
    """In either page language: the file is one format, read back as it was written."""
    from gongzhi.community.registries import REGISTRIES

    office_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    _one_of_each()
    model = REGISTRIES[registry].model
    before = list(model.objects.values())
    content = _export(office_client, django_capture_on_commit_callbacks, registry)
    assert "1370000000" not in str(_sheet(content))  # masked
    imported = _upload(office_client, django_capture_on_commit_callbacks, registry, content)
    assert imported.state == "done", imported.message
    assert list(model.objects.values()) == before  # nothing lost: masked values were kept


def test_a_small_export_downloads_at_once_and_a_large_one_runs_as_a_job(
    office_client, django_capture_on_commit_callbacks, settings
):
    """The threshold is GZ_INLINE_EXPORT_MAX_ROWS; both ways give the same workbook."""
    _one_of_each()
    url = reverse("community:export", args=["volunteers"])
    settings.GZ_INLINE_EXPORT_MAX_ROWS = 1
    at_once = office_client.post(url)
    assert at_once.status_code == 200 and at_once["Content-Type"] == XLSX
    assert "attachment" in at_once["Content-Disposition"]
    assert not Job.objects.exists()
    book = load_workbook(io.BytesIO(at_once.content))
    assert book.sheetnames == ["志愿者"]
    assert AuditEntry.objects.filter(action="export").count() == 1

    settings.GZ_INLINE_EXPORT_MAX_ROWS = 0
    with django_capture_on_commit_callbacks(execute=True):
        started = office_client.post(url)
    job = Job.objects.get()
    assert started.status_code == 302 and started.url == job.get_absolute_url()
    assert job.state == "done" and job.result_name.startswith("志愿者-")
    assert _sheet(_download(office_client, job)) == _sheet(at_once.content)
    assert AuditEntry.objects.filter(action="export").count() == 2


@pytest.mark.parametrize(
    "registry", ["organizations", "stations", "workers", "volunteers", "donors", "brand-projects"]
)
def test_every_template_has_an_example_row_and_notes_for_each_column(office_client, registry):
    from gongzhi.community.registries import REGISTRIES

    spec = REGISTRIES[registry]
    response = office_client.get(reverse("community:import-template", args=[registry]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [str(spec.label), "说明"]
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == spec.headers and len(rows) == 2  # the headers and one example
    assert any(rows[1])
    assert book.worksheets[0]["A2"].font.italic  # the example is marked
    notes = {row[0]: row[1:] for row in book["说明"].iter_rows(values_only=True) if row[0]}
    for header in spec.headers:
        required, help = notes[header]
        assert required in ("必填", "选填") and help
    assert "第2行是示例" in " ".join(notes)


@pytest.mark.parametrize(
    "registry", ["organizations", "stations", "workers", "volunteers", "donors", "brand-projects"]
)
def test_an_untouched_example_row_is_skipped_and_an_edited_one_imported(
    office_client, django_capture_on_commit_callbacks, registry
):
    from gongzhi.community.registries import REGISTRIES

    template = office_client.get(reverse("community:import-template", args=[registry])).content
    job = _upload(office_client, django_capture_on_commit_callbacks, registry, template)
    assert job.state == "done", job.message
    assert "新增 0 行" in job.message
    assert not REGISTRIES[registry].model.objects.exists()


def test_a_filled_template_imports_its_rows_but_not_the_example(
    office_client, django_capture_on_commit_callbacks
):
    template = office_client.get(reverse("community:import-template", args=["organizations"]))
    book = load_workbook(io.BytesIO(template.content))
    book.worksheets[0].append(
        ["西城邻里互助会", "西城社区", "生活服务", "备案", "", "", "否", "否", "", "", "是"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    job = _upload(
        office_client, django_capture_on_commit_callbacks, "organizations", buffer.getvalue()
    )
    assert job.state == "done", job.message
    assert list(SocialOrganization.objects.values_list("name", flat=True)) == ["西城邻里互助会"]


def test_a_failed_import_links_back_to_its_upload_form(
    office_client, django_capture_on_commit_callbacks
):
    bad = _workbook(ORG_HEADERS, [("坏组织", "不存在的社区", "公益慈善", "备案")])
    job = _upload(office_client, django_capture_on_commit_callbacks, "organizations", bad)
    assert job.state == "failed"
    html = office_client.get(job.get_absolute_url()).content.decode()
    upload_form = reverse("community:import", args=["organizations"])
    assert f'href="{upload_form}"' in html and "再次上传" in html


@pytest.mark.parametrize(
    ("registry", "headers", "row"),
    [
        ("volunteers", VOLUNTEER_HEADERS, ("", "西城社区", "123", "12345", "x" * 300, "也许")),
        ("workers", ["姓名", "所属机构", "手机号", "职业资格", "在岗"], ("", "", "1", "x", "x")),
        ("organizations", ORG_HEADERS, ("", "", "x", "x", "1" * 30, "x", "x", "x", "", "1", "x")),
    ],
)
def test_import_errors_name_columns_in_chinese_never_by_code(
    office_client, django_capture_on_commit_callbacks, registry, headers, row
):
    from gongzhi.community.registries import REGISTRIES

    job = _upload(
        office_client, django_capture_on_commit_callbacks, registry, _workbook(headers, [row])
    )
    assert job.state == "failed" and "第2行“" in job.message
    code_names = {column.field for column in REGISTRIES[registry].columns} | {"phone_index"}
    words = set(re.findall(r"[a-z_]+", job.message))
    assert not words & code_names, job.message


@pytest.mark.parametrize(
    "registry", ["organizations", "stations", "workers", "volunteers", "donors", "brand-projects"]
)
def test_an_export_reads_only_what_it_writes_in_one_query_per_relation(demo_users, registry):
    """Exports read plain values, one query for the records and one per many-to-many column
    (per chunk of `EXPORT_CHUNK`), whatever the number of records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongzhi.community.registries import REGISTRIES, OptionChoice, UnitNames
    from gongzhi.core.options import options_cached
    from gongzhi.core.roles import Perm

    _one_of_each()
    found = REGISTRIES[registry]
    records = found.model.objects.visible_to(demo_users["office"], Perm.VIEW_REGISTRIES)
    with options_cached(), CaptureQueriesContext(connection) as queries:  # as in the job
        rows = list(found.export_rows(records))
    assert len(rows) == 1 and all(cell not in (None, "") for cell in rows[0][:1])
    prefetches = sum(isinstance(column, UnitNames) for column in found.columns)
    option_lists = any(isinstance(column, OptionChoice) for column in found.columns)
    assert len(queries) == 1 + prefetches + option_lists, [q["sql"][:200] for q in queries]
