"""The community lists a county extends (organisation categories, station kinds, incubation
levels): a custom value is offered in the forms, shown, filtered, and goes to Excel and back by
its label; a deactivated one stays on old records."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.community.models import Incubation, SocialOrganization, Station
from gongzhi.core.models import Option
from gongzhi.core.options import options_cached
from gongzhi.orgs.models import Unit
from tests.community.test_excel import (
    ORG_HEADERS,
    STATION_HEADERS,
    _export,
    _sheet,
    _upload,
    _workbook,
)
from tests.community.test_imports import _import, _org


def _add(client, list_name, label):
    client.post(reverse("core:option-add", args=[list_name]), {"label": label})
    return Option.objects.get(list_name=list_name, label=label).code


def test_a_custom_category_goes_to_excel_and_back(
    office_client, django_capture_on_commit_callbacks
):
    code = _add(office_client, "organization_category", "养老服务")
    form = office_client.get(reverse("community:org-create")).context["form"]
    assert dict(form.fields["category"].choices)[code] == "养老服务"
    org = SocialOrganization.objects.create(
        name="西城银龄互助会", unit=Unit.objects.get(name="西城社区"), category=code, filing="filed"
    )
    listed = office_client.get(reverse("community:org-list"), {"category": code})
    assert list(listed.context["object_list"]) == [org]
    assert "<td>养老服务</td>" in listed.content.decode()
    detail = office_client.get(org.get_absolute_url()).content.decode()
    assert "养老服务</span>" in detail

    content = _export(office_client, django_capture_on_commit_callbacks, "organizations")
    _headers, rows = _sheet(content)
    assert rows[0][:3] == ("西城银龄互助会", "西城社区", "养老服务")  # the label, as typed

    SocialOrganization.objects.update(category="charity")
    back = _upload(office_client, django_capture_on_commit_callbacks, "organizations", content)
    assert back.state == "done", back.message
    assert SocialOrganization.objects.get().category == code


def test_a_custom_station_kind_is_imported_by_its_label(office_client, demo_users):
    client = office_client
    code = _add(client, "station_kind", "党群服务中心社工点")
    row = ("西城党群社工点", "党群服务中心社工点", "西城社区", "", "", 1, "", "否", "", "")
    job = _import(demo_users["office"], "stations", _workbook(STATION_HEADERS, [row]))
    assert job.state == "done", job.message
    station = Station.objects.get(name="西城党群社工点")
    assert (station.kind, station.get_kind_display()) == (code, "党群服务中心社工点")
    page = client.get(reverse("community:station-list"), {"kind": code})
    assert list(page.context["object_list"]) == [station]


def test_a_deactivated_category_is_refused_for_new_rows_and_kept_by_old_ones(
    office_client, demo_users
):
    code = _add(office_client, "organization_category", "养老服务")
    _import(
        demo_users["office"], "organizations", _workbook(ORG_HEADERS, [_org("老组织", "养老服务")])
    )
    office_client.post(reverse("core:option-toggle", args=["organization_category", code]))
    form = office_client.get(reverse("community:org-create")).context["form"]
    assert code not in dict(form.fields["category"].choices)

    rows = [_org("老组织", "养老服务"), _org("新组织", "养老服务")]
    job = _import(demo_users["office"], "organizations", _workbook(ORG_HEADERS, rows))
    assert job.state == "failed"
    assert "第3行“类别”：“类别”的“养老服务”已停用，请另选。" in job.message
    assert "第2行" not in job.message  # the old record keeps its category
    old = SocialOrganization.objects.get(name="老组织")
    assert old.get_category_display() == "养老服务"
    assert "养老服务" in office_client.get(old.get_absolute_url()).content.decode()


def test_an_unknown_label_in_a_file_lists_the_active_values(office_client, demo_users):
    _add(office_client, "organization_category", "养老服务")
    job = _import(
        demo_users["office"], "organizations", _workbook(ORG_HEADERS, [_org("组织", "看不懂")])
    )
    assert job.state == "failed"
    assert (
        "“看不懂”不是可选值：公益慈善、生活服务、文体活动、专业调处、其他、养老服务" in job.message
    )


def test_importing_reads_the_lists_once_whatever_the_rows(office_client, demo_users):
    _add(office_client, "organization_category", "养老服务")

    def queries(count, start):
        rows = [_org(f"组织{n}", "养老服务") for n in range(start, start + count)]
        with CaptureQueriesContext(connection) as captured, options_cached():  # as in a job
            job = _import(demo_users["office"], "organizations", _workbook(ORG_HEADERS, rows))
        assert job.state == "done", job.message
        return len(captured)

    assert queries(60, 100) <= queries(5, 0) + 2


def test_a_custom_incubation_level_is_offered(office_client):
    code = _add(office_client, "incubation_level", "片区级")
    org = SocialOrganization.objects.create(
        name="西城互助会",
        unit=Unit.objects.get(name="西城社区"),
        category="charity",
        filing="filed",
    )
    url = reverse("community:org-incubation-add", args=[org.pk])
    assert dict(office_client.get(url).context["form"].fields["level"].choices)[code] == "片区级"
    office_client.post(url, {"level": code, "stage": "incubating", "start": "2024-03-01"})
    incubation = Incubation.objects.get()
    assert incubation.level == code and "片区级" in str(incubation)
    assert "片区级 · 孵化中" in office_client.get(org.get_absolute_url()).content.decode()
