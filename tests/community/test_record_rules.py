"""Rules that must hold however a record arrives (form, import or service)."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from gongzhi.community import services
from gongzhi.community.models import SocialWorker, Volunteer
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from tests.community.test_excel import (
    ORG_HEADERS,
    STATION_HEADERS,
    VOLUNTEER_HEADERS,
    _upload,
    _workbook,
)


def test_the_audit_log_keeps_no_plain_personal_data(demo_users):
    volunteer = Volunteer(
        name="郑一",
        unit=Unit.objects.get(name="西城社区"),
        phone="13812345678",
        id_number="510681199001011230",
    )
    services.volunteer_save(actor=demo_users["community"], volunteer=volunteer, teams=[])
    entry = AuditEntry.objects.get(object_type="community.volunteer")
    assert entry.after["phone"] == "138****5678"
    assert entry.after["id_number"] == "5106**********1230"
    assert "phone_index" not in entry.after and "id_number_index" not in entry.after


def test_volunteers_are_matched_by_phone_not_name(
    office_client, django_capture_on_commit_callbacks
):
    Volunteer.objects.create(
        name="张三", unit=Unit.objects.get(name="西城社区"), phone="13800000001"
    )
    rows = [
        ("张三", "西城社区", "13800000002", "", "", "是"),
        ("张三", "西城社区", "13800000001", "", "修理", "是"),
    ]
    job = _upload(
        office_client,
        django_capture_on_commit_callbacks,
        "volunteers",
        _workbook(VOLUNTEER_HEADERS, rows),
    )
    assert job.state == "done", job.message
    found = [(v.phone.reveal(), v.skills) for v in Volunteer.objects.all()]
    assert sorted(found) == [
        ("13800000001", "修理"),
        ("13800000002", ""),
    ]


@pytest.mark.parametrize(
    ("registry", "headers", "row", "problem"),
    [
        (
            "stations",
            STATION_HEADERS,
            ("雒城社工站", "镇（街道）社工站", "雒城街道", "", "", 2, "", "是", "", ""),
            "核查日期",
        ),
        (
            "stations",
            STATION_HEADERS,
            ("网格站", "镇（街道）社工站", "西城社区第一网格（演示）", "", "", 2, "", "否", "", ""),
            "应设在",
        ),
        (
            "volunteers",
            VOLUNTEER_HEADERS,
            ("王二", "西城社区", "13800000009", "not-an-id", "", "是"),
            "身份证号",
        ),
        (
            "organizations",
            ORG_HEADERS,
            (
                "机构名下",
                "广汉市示范社会工作服务中心（演示）",
                "公益慈善",
                "备案",
                "",
                "",
                "否",
                "否",
                "",
                "",
                "是",
            ),
            "所属",
        ),
    ],
)
def test_imports_obey_the_same_rules_as_forms(
    office_client, django_capture_on_commit_callbacks, registry, headers, row, problem
):
    job = _upload(
        office_client, django_capture_on_commit_callbacks, registry, _workbook(headers, [row])
    )
    assert job.state == "failed" and problem in job.message, job.message


def test_a_failed_import_keeps_no_copy_of_the_file(
    office_client, django_capture_on_commit_callbacks
):
    rows = [("坏类别", "西城社区", "看不懂", "备案", "", "", "否", "否", "", "", "是")]
    content = _workbook(ORG_HEADERS, rows)
    job = _upload(office_client, django_capture_on_commit_callbacks, "organizations", content)
    assert job.state == "failed"
    assert not default_storage.exists(job.params["path"])


def test_a_social_worker_serves_communities_of_their_region_only(demo, demo_users):
    other_region = Unit.objects.add_unit(None, name="某县", kind="county")
    street = Unit.objects.add_unit(other_region, name="某街道", kind="street")
    far = Unit.objects.add_unit(street, name="某社区", kind="community")
    worker = SocialWorker(name="冯二", unit=Unit.objects.get(kind="agency"))
    with pytest.raises(ValidationError):
        services.worker_save(actor=demo_users["agency"], worker=worker, communities=[far])
    assert SocialWorker.objects.count() == 0
    services.worker_save(
        actor=demo_users["agency"], worker=worker, communities=[Unit.objects.get(name="西城社区")]
    )
