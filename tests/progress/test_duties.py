"""Separation of duties: nobody decides a report of their own unit or one they wrote, hours are
confirmed by someone other than who logged them; and the task page of a task with two lead
units shows each lead's part and what the task waits on."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.accounts.models import RoleGrant
from gongzhi.community import services as community_services
from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress import notify, services
from gongzhi.progress.chain import awaiting_review_filter, chain_for, stored_chain
from gongzhi.progress.models import Notification, Report
from tests.activities.test_signin import make_activity
from tests.conftest import make_user

State = Report.State


@pytest.fixture
def task2(demo):
    """City task 2, led by 市委组织部 and 市民政局 (the office's unit)."""
    return Task.objects.get(program=demo, kind="city", number=2)


@pytest.fixture
def civil(demo):
    return Unit.objects.get(name="市民政局")


@pytest.fixture
def organisation(demo):
    return Unit.objects.get(name="市委组织部")


@pytest.fixture
def leader(organisation):
    """A reviewing seat at the working group leader's unit (组长所在单位)."""
    return make_user("wg_leader", "program_office", organisation)


@pytest.fixture
def xicheng(demo):
    return Unit.objects.get(name="西城社区")


def _claim(actor, task, unit, text="已完成"):
    report = services.report_create(
        actor=actor, task=task, unit=unit, text=text, claims_completion=True
    )
    services.report_submit(actor=actor, report=report)
    return report


# --- the office's own report ------------------------------------------------------------


def test_the_office_s_own_report_goes_to_the_working_group_leader_unit(
    demo_users, task2, civil, organisation, leader
):
    office = demo_users["office"]
    report = _claim(office, task2, civil)
    assert stored_chain(report) == [organisation]
    with pytest.raises(PermissionDenied, match="本人"):
        services.report_approve(actor=office, report=report)
    with pytest.raises(PermissionDenied, match="本人"):
        services.report_return(actor=office, report=report, comment="补充材料")
    # a second user of the office is not enough: the same unit would judge its own claim
    colleague = make_user("office_two", "program_office", civil)
    with pytest.raises(PermissionDenied, match="本单位"):
        services.report_approve(actor=colleague, report=report)
    services.report_approve(actor=leader, report=report)
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_the_working_group_leader_unit_s_report_goes_to_the_office(
    demo_users, task2, civil, organisation
):
    report = _claim(demo_users["dept"], task2, organisation)
    assert stored_chain(report) == [civil]
    services.report_approve(actor=demo_users["office"], report=report)


def test_without_a_working_group_the_office_s_report_goes_to_the_region(tree, program):
    task = Task.objects.create(
        program=program, kind="city", number=1, text="任务", due="2030-01-01"
    )
    assert chain_for(task, tree.civil) == [tree.region]
    assert chain_for(task, tree.organisation) == [tree.civil]
    assert chain_for(task, tree.community_a1) == [tree.street_a, tree.civil]


def test_the_refusal_is_audited_and_the_page_offers_no_decision(client, demo_users, task2, civil):
    office = demo_users["office"]
    report = _claim(office, task2, civil)
    client.force_login(office)
    page = client.get(report.get_absolute_url())
    assert page.context["can_review"] is False
    assert 'name="decision"' not in page.content.decode()
    colleague = make_user("office_two", "program_office", civil)
    client.force_login(colleague)
    page = client.get(report.get_absolute_url())
    assert page.context["can_review"] is False
    response = client.post(
        reverse("progress:report-review", args=[report.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        actor=colleague, action=AuditEntry.Action.ACCESS_DENIED
    ).exists()
    report.refresh_from_db()
    assert report.state == State.PENDING


# --- one user, two roles ----------------------------------------------------------------


def test_the_author_may_not_approve_through_another_seat(demo_users, item4, xicheng, civil):
    street = Unit.objects.parent_of(xicheng)
    both = make_user("both_seats", "community", xicheng)
    RoleGrant.objects.create(user=both, role="street", unit=street)
    report = services.report_create(actor=both, task=item4, unit=xicheng, text="已召开")
    services.report_submit(actor=both, report=report)
    assert stored_chain(report)[0] == street
    with pytest.raises(PermissionDenied, match="本人"):
        services.report_approve(actor=both, report=report)
    with pytest.raises(PermissionDenied):
        services.report_return(actor=both, report=report, comment="自己退回")
    assert not Report.objects.filter(awaiting_review_filter(both)).exists()
    notify.review_needed(report)  # the street's reviewers are told, not the author
    told = set(
        Notification.objects.filter(key__startswith="review:").values_list("user", flat=True)
    )
    assert demo_users["street"].pk in told and both.pk not in told
    # the street's other reviewer decides; the office stage refuses an office user who also
    # sits at the community
    services.report_approve(actor=demo_users["street"], report=report)
    office_and_community = make_user("office_community", "program_office", civil)
    RoleGrant.objects.create(user=office_and_community, role="community", unit=xicheng)
    with pytest.raises(PermissionDenied, match="本单位"):
        services.report_approve(actor=office_and_community, report=report)
    assert not Report.objects.filter(awaiting_review_filter(office_and_community)).exists()
    assert Report.objects.filter(awaiting_review_filter(demo_users["office"])).exists()
    services.report_approve(actor=demo_users["office"], report=report)
    report.refresh_from_db()
    assert report.state == State.APPROVED


def test_whoever_submitted_may_not_decide(demo_users, task2, organisation, civil):
    """A report drafted by one user and submitted by another: the submitter is refused too."""
    drafter = demo_users["dept"]
    report = services.report_create(
        actor=drafter, task=task2, unit=organisation, text="已完成", claims_completion=True
    )
    submitter = make_user("dept_and_office", "city_department", organisation)
    services.report_submit(actor=submitter, report=report)
    RoleGrant.objects.filter(user=submitter).delete()
    RoleGrant.objects.create(user=submitter, role="program_office", unit=civil)
    submitter = type(submitter).objects.get(pk=submitter.pk)  # grants read afresh
    with pytest.raises(PermissionDenied, match="提交"):
        services.report_approve(actor=submitter, report=report)


# --- volunteer hours --------------------------------------------------------------------


def test_hours_are_confirmed_by_another_unit(client, demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="钱七", unit=xicheng, phone="13900000011")
    community, street = demo_users["community"], demo_users["street"]
    logged = community_services.hours_log(
        actor=community, entry=VolunteerHours(volunteer=volunteer, date="2024-05-01", hours=2)
    )
    with pytest.raises(PermissionDenied, match="本人"):
        community_services.hours_confirm(actor=community, entry=logged)
    colleague = make_user("xicheng_two", "community", xicheng)
    with pytest.raises(PermissionDenied, match="本单位"):
        community_services.hours_confirm(actor=colleague, entry=logged)
    client.force_login(colleague)
    page = client.get(volunteer.get_absolute_url())
    assert reverse("community:hours-confirm", args=[logged.pk]) not in page.content.decode()
    response = client.post(reverse("community:hours-confirm", args=[logged.pk]))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(
        actor=colleague, action=AuditEntry.Action.ACCESS_DENIED
    ).exists()
    client.force_login(street)
    page = client.get(volunteer.get_absolute_url())
    assert reverse("community:hours-confirm", args=[logged.pk]) in page.content.decode()
    community_services.hours_confirm(actor=street, entry=logged)
    logged.refresh_from_db()
    assert logged.confirmed_by == street


def test_hours_logged_by_the_street_are_not_confirmed_by_it(demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="李四", unit=xicheng, phone="13900000012")
    street = demo_users["street"]
    logged = community_services.hours_log(
        actor=street, entry=VolunteerHours(volunteer=volunteer, date="2024-05-01", hours=2)
    )
    with pytest.raises(PermissionDenied):
        community_services.hours_confirm(actor=street, entry=logged)
    community_services.hours_confirm(actor=demo_users["community"], entry=logged)


def test_the_organiser_of_another_unit_confirms_a_community_s_log(demo_users, xicheng):
    street_unit = Unit.objects.parent_of(xicheng)
    volunteer = Volunteer.objects.create(name="王五", unit=xicheng, phone="13900000013")
    activity = make_activity(type="volunteer", community=xicheng, unit=street_unit)
    logged = community_services.hours_log(
        actor=demo_users["community"],
        entry=VolunteerHours(volunteer=volunteer, activity=activity, date="2024-05-01", hours=3),
    )
    community_services.hours_confirm(actor=demo_users["street"], entry=logged)


# --- the page of a task with two lead units ---------------------------------------------


def _parts(page):
    return [(p.unit.name, p.state, p.reviewer_name) for p in page.context["lead_parts"]]


def test_the_shared_task_page_shows_each_lead_s_part(
    client, demo_users, task2, civil, organisation, leader
):
    office = demo_users["office"]
    client.force_login(office)
    url = reverse("progress:task-detail", args=[task2.pk])
    page = client.get(url)
    html = page.content.decode()
    assert _parts(page) == [("市委组织部", "not_reported", ""), ("市民政局", "not_reported", "")]
    assert html.count("配合单位") == 1 and html.count("牵头单位</dt>") == 1
    services.report_approve(actor=leader, report=_claim(office, task2, civil))
    page = client.get(url)
    assert _parts(page) == [("市委组织部", "not_reported", ""), ("市民政局", "approved", "")]
    waiting = [p.unit.name for p in page.context["waiting_on"]]
    assert waiting == ["市委组织部"]
    assert "等待：市委组织部 的完成申请" in page.content.decode()
    dept = demo_users["dept"]
    claim = _claim(dept, task2, organisation)
    page = client.get(url)
    assert _parts(page)[0] == ("市委组织部", "pending", "市民政局")
    assert "等待：市民政局 审核 市委组织部 的完成申请" in page.content.decode()
    services.report_return(actor=office, report=claim, comment="请补充章程")
    page = client.get(url)
    assert _parts(page)[0] == ("市委组织部", "returned", "")
    services.report_submit(actor=dept, report=claim)
    services.report_approve(actor=office, report=claim)
    page = client.get(url)
    assert [state for _n, state, _r in _parts(page)] == ["approved", "approved"]
    assert page.context["waiting_on"] == []
    assert "等待：" not in page.content.decode()


def test_the_task_page_cost_does_not_grow_with_reports(client, demo_users, task2, organisation):
    dept = demo_users["dept"]
    client.force_login(demo_users["office"])
    url = reverse("progress:task-detail", args=[task2.pk])
    client.get(url)
    _claim(dept, task2, organisation)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    for k in range(5):
        claim = Report.objects.filter(task=task2, unit=organisation).first()
        services.report_return(actor=demo_users["office"], report=claim, comment=f"第{k}次退回")
        services.report_submit(actor=dept, report=claim)
        _claim(dept, task2, organisation, text=f"第{k}份")
    assert count() == small
