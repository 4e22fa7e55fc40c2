"""The paper sign-in sheet: entered one person at a time or imported from Excel (all or nothing,
errors by row and Chinese column), refused twice for one phone, audited; the sign-in list and
the activities list export to Excel with masked phones."""

import io
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from gongzhi.activities.models import SignIn
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity


def _xicheng_activity(**extra):
    xicheng = Unit.objects.get(name="西城社区")
    return make_activity(unit=xicheng, community=xicheng, **extra)


def _workbook(rows, headers=("姓名", "手机号", "单位或住址")) -> bytes:
    workbook = Workbook()
    workbook.active.append(list(headers))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client, activity, content):
    file = SimpleUploadedFile("签到表.xlsx", content)
    return client.post(reverse("activities:signin-import", args=[activity.pk]), {"file": file})


def _add(client, activity, **data):
    return client.post(reverse("activities:signin-add", args=[activity.pk]), data)


def test_the_organiser_enters_a_paper_sheet_one_by_one(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    page = client.get(reverse("activities:signin-add", args=[activity.pk]))
    assert page.status_code == 200 and 'inputmode="tel"' in page.content.decode()
    response = _add(client, activity, name="赵大爷", phone="", affiliation="西城小区3栋")
    assert response.status_code == 302
    _add(client, activity, name="钱阿姨", phone="13812345678")
    signins = list(SignIn.objects.filter(activity=activity))
    assert [(s.name, s.source, s.added_by) for s in signins] == [
        ("赵大爷", "paper", demo_users["community"]),
        ("钱阿姨", "paper", demo_users["community"]),
    ]
    audited = AuditEntry.objects.filter(action="create", object_type="activities.signin")
    assert audited.count() == 2
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "纸质签到" in detail and "138****5678" in detail and "13812345678" not in detail


def test_a_phone_already_on_the_list_is_refused_with_a_clear_message(client, demo, demo_users):
    activity = _xicheng_activity()
    SignIn.objects.create(activity=activity, name="扫码者", phone="13812345678")
    client.force_login(demo_users["community"])
    response = _add(client, activity, name="重复者", phone="138 1234 5678")
    assert response.status_code == 200
    assert "该手机号已在签到名单中，不能重复添加。" in response.content.decode()
    assert SignIn.objects.filter(activity=activity).count() == 1
    # two paper lines without a phone are two people
    _add(client, activity, name="无手机甲")
    _add(client, activity, name="无手机乙")
    assert SignIn.objects.filter(activity=activity, phone_index="").count() == 2


def test_a_bad_phone_and_a_blank_name_are_named(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    assert "请填写姓名。" in _add(client, activity, name=" ").content.decode()
    assert (
        "手机号应为 11 位手机号码。"
        in _add(client, activity, name="甲", phone="12345").content.decode()
    )
    assert not SignIn.objects.exists()


def test_only_the_organising_units_may_enter_sign_ins(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["finance"])
    assert _add(client, activity, name="外人").status_code in (403, 404)
    assert not SignIn.objects.exists()


def test_a_sheet_imports_whole_skipping_the_untouched_example_row(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    template = client.get(reverse("activities:signin-template"))
    book = load_workbook(io.BytesIO(template.content))
    sheet = book.worksheets[0]
    sheet.append(["孙七", "13900000001", "西城小区"])
    sheet.append(["周八", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(client, activity, buffer.getvalue())
    assert response.status_code == 302, response.content.decode()
    names = set(SignIn.objects.filter(activity=activity).values_list("name", flat=True))
    assert names == {"孙七", "周八"}  # not the example
    assert AuditEntry.objects.filter(object_type="activities.signin").count() == 2
    again = _upload(client, activity, _workbook([("孙七", "139 0000 0001", "")]))
    assert "第2行“手机号”：该手机号已在签到名单中" in again.content.decode()  # indexed as stored


def test_a_sheet_with_errors_imports_nothing_and_names_rows_and_columns(client, demo, demo_users):
    activity = _xicheng_activity()
    SignIn.objects.create(activity=activity, name="已签", phone="13900000009")
    client.force_login(demo_users["community"])
    rows = [
        ("甲", "13900000001", ""),
        ("", "13900000002", ""),
        ("丙", "123", ""),
        ("丁", "13900000001", ""),
        ("戊", "13900000009", ""),
    ]
    response = _upload(client, activity, _workbook(rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert "第3行“姓名”：请填写姓名。" in page
    assert "第4行“手机号”" in page
    assert "第5行“手机号”：与第2行手机号重复" in page
    assert "第6行“手机号”：该手机号已在签到名单中" in page
    assert "phone" not in page.split('data-testid="import-errors"')[1].split("</div></div>")[0]
    assert SignIn.objects.filter(activity=activity).count() == 1  # nothing written
    assert 'action="/activities/' in page  # the upload form is right there again


def test_a_sheet_without_the_name_column_is_refused(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    page = _upload(client, activity, _workbook([("x",)], headers=("名字",))).content.decode()
    assert "缺少列：姓名" in page


def test_the_template_has_an_example_row_and_notes(client, demo_users):
    client.force_login(demo_users["community"])
    response = client.get(reverse("activities:signin-template"))
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["签到名单", "说明"]
    rows = list(book["签到名单"].iter_rows(values_only=True))
    assert rows[0] == ("姓名", "手机号", "单位或住址") and rows[1][0].startswith("示例")
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True)]
    assert {"姓名", "手机号", "单位或住址"} <= set(notes)


def test_the_sign_in_list_exports_with_masked_phones(client, demo, demo_users):
    activity = _xicheng_activity()
    SignIn.objects.create(activity=activity, name="扫码者", phone="13812345678")
    SignIn.objects.create(activity=activity, name="纸质者", source="paper", affiliation="3栋")
    client.force_login(demo_users["community"])
    response = client.post(reverse("activities:signin-export", args=[activity.pk]))
    assert response.status_code == 200
    assert quote("第1期供需对接会签到名单-") in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["签到名单"]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "姓名", "手机号")
    assert rows[1][1:5] == ("扫码者", "138****5678", None, "扫码签到")
    assert rows[2][1:5] == ("纸质者", None, "3栋", "纸质签到")
    assert "13812345678" not in str(rows)
    assert AuditEntry.objects.filter(action="export", object_id=str(activity.pk)).count() == 1


def test_the_activities_list_exports_as_filtered_and_scoped(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    other = Unit.objects.filter(kind="community").exclude(pk=xicheng.pk).first()
    make_activity(unit=xicheng, community=xicheng, title="西城议事会")
    make_activity(unit=xicheng, community=xicheng, title="西城培训", type="training")
    make_activity(unit=other, community=other, title="别处议事会")
    client.force_login(demo_users["community"])
    response = client.post(reverse("activities:activity-export") + "?q=议事会")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["活动与会议"]
    titles = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert "西城议事会" in titles
    assert "西城培训" not in titles and "别处议事会" not in titles
    assert AuditEntry.objects.filter(action="export", message__contains="活动与会议").exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _sign_many(activity, n):
    for _ in range(n):
        number = SignIn.objects.count()
        SignIn.objects.create(
            activity=activity, name=f"居民{number}", phone=f"139{number:08d}", source="paper"
        )


PAPER_PAGE_QUERIES = 8
DETAIL_PAGE_QUERIES = 14  # + the sign-ins counted in one aggregate (the page shows 50 of them)


def test_the_paper_page_and_the_activity_page_cost_the_same_whatever_the_list(
    client, demo, demo_users
):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    pages = {
        reverse("activities:signin-add", args=[activity.pk]): PAPER_PAGE_QUERIES,
        activity.get_absolute_url(): DETAIL_PAGE_QUERIES,
    }
    for url in pages:
        _queries(client, url)  # the first request after login records the session's activity
    _sign_many(activity, 2)
    small = {url: _queries(client, url) for url in pages}
    _sign_many(activity, 30)
    assert {url: _queries(client, url) for url in pages} == small == pages
