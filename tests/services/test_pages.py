"""The pages: a report's journey through the forms, the phone log form, the project form with
its amount, and each role's to-dos."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.core.roles import Role
from gongzhi.core.work import work_for
from gongzhi.services.models import ServiceLog, ServiceProject, ServiceReport
from tests.services.conftest import make_log, make_project


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2024, 7, 10)
    monkeypatch.setattr(clock, "today", lambda: day)
    return day


def _review(client, user, report, decision, comment=""):
    client.force_login(user)
    url = reverse("services:report-review", args=[report.pk])
    return client.post(url, {"decision": decision, "comment": comment}, follow=True)


def test_a_midterm_report_from_the_agency_to_acceptance(client, users, project, worker, today):
    agency = users[Role.AGENCY]
    make_log(project, worker, agency, kind="case", beneficiaries=3)
    client.force_login(agency)
    page = client.get(reverse("services:project-detail", args=[project.pk]))
    assert "编写中期报告" in page.content.decode()
    response = client.post(
        reverse("services:report-create", args=[project.pk]),
        {
            "kind": "midterm",
            "period_start": "2024-03-01",
            "period_end": "2024-06-30",
            "text": "上半年开展个案服务",
            "submit": "1",
        },
    )
    report = ServiceReport.objects.get()
    assert response.url == report.get_absolute_url()
    assert report.state == "pending" and report.statistics["total"]["beneficiaries"] == 3

    page = _review(client, users[Role.COMMUNITY], report, "approve")  # no opinion: refused
    assert "请填写意见" in page.content.decode()
    report.refresh_from_db()
    assert report.stage == 0
    _review(client, users[Role.COMMUNITY], report, "approve", "服务扎实，同意")
    _review(client, users[Role.STREET], report, "return", "请补充照片")
    report.refresh_from_db()
    assert report.state == "returned"

    client.force_login(agency)
    client.post(reverse("services:report-submit", args=[report.pk]))
    for role, comment in ((Role.COMMUNITY, "同意"), (Role.STREET, ""), (Role.PROGRAM_OFFICE, "")):
        _review(client, users[role], report, "approve", comment)
    report.refresh_from_db()
    assert report.state == "approved"
    page = client.get(report.get_absolute_url()).content.decode()
    assert "内容已锁定" in page and "请补充照片" in page and "服务扎实，同意" in page
    client.force_login(agency)
    assert client.get(reverse("services:report-edit", args=[report.pk])).status_code == 403


def test_the_phone_log_form(client, users, project, worker, today):
    client.force_login(users[Role.SOCIAL_WORKER])
    url = reverse("services:log-create") + f"?project={project.pk}"
    form = client.get(url)
    assert form.status_code == 200
    assert list(form.context["form"].fields["worker"].queryset) == [worker]
    response = client.post(
        url,
        {
            "project": project.pk,
            "date": "2024-07-09",
            "kind": "group",
            "community": project.buyer.pk,
            "worker": worker.pk,
            "beneficiaries": "12",
            "hours": "2.5",
            "description": "亲子小组",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    log = ServiceLog.objects.get()
    assert (log.beneficiaries, log.hours) == (12, Decimal("2.5"))


def test_a_bad_log_names_the_field(client, users, project, worker, today):
    client.force_login(users[Role.SOCIAL_WORKER])
    response = client.post(
        reverse("services:log-create"),
        {
            "project": project.pk,
            "date": "2024-01-09",
            "kind": "group",
            "community": project.buyer.pk,
            "worker": worker.pk,
            "beneficiaries": "1",
            "hours": "1",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert "服务日期须在协议服务期内" in str(response.context["form"].errors["date"])
    assert not ServiceLog.objects.exists()


def test_the_buyer_creates_a_project_with_an_exact_amount(client, tree, users, program):
    client.force_login(users[Role.COMMUNITY])
    response = client.post(
        reverse("services:project-create"),
        {
            "program": program.pk,
            "buyer": tree.community_a1.pk,
            "title": "甲一社区五社联动服务",
            "method": "negotiation",
            "agency": tree.agency_a.pk,
            "agreement_number": "GH-2024-001",
            "amount": "180000.10",
            "starts_on": "2024-03-01",
            "ends_on": "2024-12-31",
        },
    )
    project = ServiceProject.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.amount == Decimal("180000.10")
    page = client.get(project.get_absolute_url()).content.decode()
    assert "180,000.10" in page


def test_each_role_sees_its_work(users, project, worker, today, agency_b_user):
    agency, community = users[Role.AGENCY], users[Role.COMMUNITY]

    def sources(user):
        return {group.name: group.work.total for group in work_for(user, today)}

    assert sources(users[Role.SOCIAL_WORKER]).get("services.quiet_projects") == 1
    make_log(project, worker, agency, date=today)
    assert "services.quiet_projects" not in sources(users[Role.SOCIAL_WORKER])
    draft = ServiceReport.objects.create(
        project=project,
        kind="midterm",
        period_start=project.starts_on,
        period_end=today,
        text="中期",
        author=agency,
    )
    assert sources(agency).get("services.reports_to_write") == 1
    assert "services.reports_to_write" not in sources(agency_b_user)
    from gongzhi.services import services

    services.report_submit(actor=agency, report=draft)
    assert "services.reports_to_write" not in sources(agency)
    assert sources(community).get("services.reports_to_review") == 1
    assert "services.reports_to_review" not in sources(users[Role.STREET])
    services.report_approve(actor=community, report=draft, comment="同意")
    assert sources(users[Role.STREET]).get("services.reports_to_review") == 1
    assert "services.reports_to_review" not in sources(community)


@pytest.mark.parametrize("role", [r for r in Role.values])
def test_pages_open_for_every_role(client, users, tree, program, office, worker, role):
    project = make_project(program, tree.community_a1, tree.agency_a, office)
    make_log(project, worker, office)
    client.force_login(users[role])
    assert client.get(reverse("services:project-list")).status_code == 200
    assert client.get(reverse("services:log-list")).status_code == 200
    detail = client.get(project.get_absolute_url())
    sees = role in (Role.PROGRAM_OFFICE, Role.FINANCE, Role.STREET, Role.COMMUNITY)
    sees = sees or role in (Role.AGENCY, Role.SOCIAL_WORKER)
    assert detail.status_code == (200 if sees else 404)
