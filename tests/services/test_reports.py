"""The agency's reports up their chain: community confirms with its opinion, street reviews,
office accepts; sent back at any stage with a comment, resubmitted, locked once accepted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.accounts.models import RoleGrant
from gongzhi.core.models import AuditEntry
from gongzhi.core.review import ReviewState, ReviewStep
from gongzhi.core.roles import Role
from gongzhi.services import services
from gongzhi.services.chain import FLOW
from gongzhi.services.models import ServiceReport
from tests.conftest import make_user
from tests.services.conftest import make_log, make_project

MAY = (datetime.date(2024, 3, 1), datetime.date(2024, 6, 30))


def start(agency_user, project, submit=True, kind="midterm"):
    return services.report_create(
        actor=agency_user,
        project=project,
        kind=kind,
        period_start=MAY[0],
        period_end=MAY[1],
        text="中期服务情况",
        submit=submit,
    )


@pytest.fixture
def reviewers(users):
    return [users[Role.COMMUNITY], users[Role.STREET], users[Role.PROGRAM_OFFICE]]


def test_the_chain_is_community_street_office(tree, project, agency_user):
    report = start(agency_user, project)
    assert FLOW.stored_chain(report) == [tree.community_a1, tree.street_a, tree.civil]
    assert (report.state, report.stage) == (ReviewState.PENDING, 0)


def test_a_street_bought_project_starts_at_the_street(tree, program, office, agency_user):
    project = make_project(program, tree.street_a, tree.agency_a, office)
    report = start(agency_user, project)
    assert FLOW.stored_chain(report) == [tree.street_a, tree.civil]


def test_confirmed_reviewed_accepted_then_locked(project, agency_user, reviewers):
    report = start(agency_user, project)
    community, street, office = reviewers
    with pytest.raises(ValidationError) as refused:
        services.report_approve(actor=community, report=report)
    assert "comment" in refused.value.message_dict
    report = services.report_approve(actor=community, report=report, comment="情况属实，同意")
    assert (report.state, report.stage) == (ReviewState.PENDING, 1)
    report = services.report_approve(actor=street, report=report)  # no opinion needed here
    assert report.stage == 2
    report = services.report_approve(actor=office, report=report, comment="验收通过")
    assert report.state == ReviewState.APPROVED and report.is_locked
    assert report.approved_at is not None
    actions = list(report.events.values_list("action", "stage", "comment"))
    assert actions == [
        (ReviewStep.SUBMIT, 0, ""),
        (ReviewStep.APPROVE, 0, "情况属实，同意"),
        (ReviewStep.APPROVE, 1, ""),
        (ReviewStep.APPROVE, 2, "验收通过"),
    ]
    audited = AuditEntry.objects.filter(object_type="services.servicereport", action="transition")
    assert audited.count() == 4
    with pytest.raises(PermissionDenied):
        services.report_update(
            actor=agency_user, report=report, period_start=MAY[0], period_end=MAY[1], text="改"
        )
    with pytest.raises(PermissionDenied):  # nobody reviews an accepted report any more
        services.report_return(actor=office, report=report, comment="再看看")


@pytest.mark.parametrize("stage", [0, 1, 2])
def test_sent_back_at_any_stage_with_a_comment_then_resubmitted(
    project, agency_user, reviewers, stage
):
    report = start(agency_user, project)
    for reviewer in reviewers[:stage]:
        report = services.report_approve(actor=reviewer, report=report, comment="同意")
    reviewer = reviewers[stage]
    with pytest.raises(ValidationError) as refused:
        services.report_return(actor=reviewer, report=report, comment="  ")
    assert "comment" in refused.value.message_dict
    report = services.report_return(actor=reviewer, report=report, comment="请补充个案记录")
    assert (report.state, report.stage) == (ReviewState.RETURNED, 0)
    assert FLOW.may_edit(agency_user, report)
    report = services.report_update(
        actor=agency_user,
        report=report,
        period_start=MAY[0],
        period_end=MAY[1],
        text="已补充",
        submit=True,
    )
    assert (report.state, report.stage) == (ReviewState.PENDING, 0)
    assert report.text == "已补充"
    assert FLOW.current_reviewer(report) == reviewers[0].grants.get().unit


@pytest.mark.parametrize("stage", [0, 1, 2])
def test_only_the_current_stage_decides(project, agency_user, users, reviewers, stage):
    report = start(agency_user, project)
    for reviewer in reviewers[:stage]:
        report = services.report_approve(actor=reviewer, report=report, comment="同意")
    for user in users.values():
        if user == reviewers[stage]:
            continue
        for step in (services.report_approve, services.report_return):
            with pytest.raises(PermissionDenied):
                step(actor=user, report=report, comment="意见")
    report.refresh_from_db()
    assert (report.state, report.stage) == (ReviewState.PENDING, stage)


def test_nobody_decides_a_report_of_their_own_unit(tree, project, agency_user, community_user):
    RoleGrant.objects.create(user=community_user, role=Role.AGENCY, unit=tree.agency_a)
    report = start(agency_user, project)
    with pytest.raises(PermissionDenied, match="本单位"):
        services.report_approve(actor=community_user, report=report, comment="同意")
    assert not FLOW.may_review(community_user, report)
    awaiting = ServiceReport.objects.filter(FLOW.awaiting_filter(community_user))
    assert not awaiting.exists()


def test_the_author_never_decides(tree, project, community_user):
    both = make_user("both", Role.COMMUNITY, tree.community_a1)
    RoleGrant.objects.create(user=both, role=Role.AGENCY, unit=tree.agency_a)
    report = start(both, project)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=both, report=report, comment="同意")
    services.report_approve(actor=community_user, report=report, comment="同意")


def test_only_the_agency_writes_and_submits(project, users, agency_b_user):
    for role in (Role.COMMUNITY, Role.STREET, Role.SOCIAL_WORKER, Role.PROGRAM_OFFICE):
        with pytest.raises(PermissionDenied):
            start(users[role], project)
    with pytest.raises(PermissionDenied):
        start(agency_b_user, project)
    draft = start(users[Role.AGENCY], project, submit=False)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=users[Role.COMMUNITY], report=draft)
    assert services.report_submit(actor=users[Role.AGENCY], report=draft).state == "pending"


def test_a_pending_report_cannot_be_changed_or_resubmitted(project, agency_user):
    report = start(agency_user, project)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=agency_user, report=report)
    with pytest.raises(PermissionDenied):
        services.report_update(
            actor=agency_user, report=report, period_start=MAY[0], period_end=MAY[1], text="改"
        )


def test_one_report_of_each_kind(project, agency_user):
    start(agency_user, project, submit=False)
    with pytest.raises(ValidationError):
        start(agency_user, project, submit=False)
    assert start(agency_user, project, submit=False, kind="final").kind == "final"


def test_statistics_are_counted_from_the_log_and_frozen_when_submitted(
    project, agency_user, worker, community_user
):
    make_log(project, worker, agency_user, kind="case", beneficiaries=1)
    make_log(project, worker, agency_user, kind="group", beneficiaries=12, hours="2.0")
    make_log(project, worker, agency_user, date=datetime.date(2024, 7, 2))  # after the period
    draft = start(agency_user, project, submit=False)
    from gongzhi.services.stats import report_statistics

    live = report_statistics(draft)
    assert live["total"] == {"services": 2, "beneficiaries": 13, "hours": "3.5"}
    report = services.report_submit(actor=agency_user, report=draft)
    make_log(project, worker, agency_user, date=datetime.date(2024, 6, 1))
    report.refresh_from_db()
    assert report_statistics(report)["total"]["services"] == 2  # as submitted
    assert {row["kind"]: row["services"] for row in report.statistics["rows"]} == {
        "case": 1,
        "group": 1,
    }
    services.report_return(actor=community_user, report=report, comment="补充六月")
    report.refresh_from_db()
    assert report_statistics(report)["total"]["services"] == 3  # counted again once returned


def test_nobody_decides_a_report_they_submitted_and_their_to_dos_agree(
    tree, project, agency_user, reviewers
):
    """Separation of duties by the submit event alone (not the author, not the unit): the report
    leaves that reviewer's to-dos, and only theirs."""
    from gongzhi.services.models import ServiceReviewEvent

    community = reviewers[0]
    submitted, other = start(agency_user, project), start(agency_user, project, kind="final")
    ServiceReviewEvent.objects.create(
        report=submitted,
        action=ReviewStep.SUBMIT,
        actor=community,
        actor_unit=tree.agency_a,
        from_state=ReviewState.RETURNED,
        to_state=ReviewState.PENDING,
        stage=0,
    )
    assert not FLOW.may_review(community, submitted) and FLOW.may_review(community, other)
    awaiting = ServiceReport.objects.filter(FLOW.awaiting_filter(community))
    assert list(awaiting) == [other]
    # checked per report, never an anti join along every event (2.2 s at province)
    assert "OFFSET 0" in str(awaiting.query).upper()
