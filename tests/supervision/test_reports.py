"""The third party's evaluation and audit reports through the shared review flow: the buyer's
street reviews first, the office accepts; a send-back needs a comment; accepted is locked."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.core.review import ReviewState
from gongzhi.core.roles import Role
from gongzhi.supervision import services
from gongzhi.supervision.chain import FLOW, chain_for
from gongzhi.supervision.models import SupervisionReport
from tests.services.conftest import make_project


def write(assignment, evaluator, kind="midterm", score=Decimal("86.50"), submit=True):
    return services.report_create(
        actor=evaluator,
        project=assignment.project,
        third_party=assignment.third_party,
        kind=kind,
        text="项目执行规范",
        score=score,
        submit=submit,
    )


def test_the_chain_is_the_buyers_street_then_the_office(assignment, evaluator, tree, program):
    report = write(assignment, evaluator)
    assert FLOW.stored_chain(report) == [tree.street_a, tree.civil]
    street_bought = make_project(program, tree.street_b, tree.agency_a, evaluator)
    assert chain_for(SupervisionReport(project=street_bought)) == [tree.street_b, tree.civil]


def test_an_evaluation_needs_a_score_within_0_to_100(assignment, evaluator):
    with pytest.raises(ValidationError, match="得分"):
        write(assignment, evaluator, score=None)
    with pytest.raises(ValidationError):
        write(assignment, evaluator, score=Decimal("100.5"))
    audit = write(assignment, evaluator, kind="audit", score=Decimal("50"))
    assert audit.score is None  # an audit report has no score
    assert not SupervisionReport.objects.filter(kind="midterm").exists()


def test_street_reviews_office_accepts_and_the_report_locks(assignment, evaluator, users):
    report = write(assignment, evaluator)
    street, office = users[Role.STREET], users[Role.PROGRAM_OFFICE]
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=office, report=report)  # the street is first
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=users[Role.COMMUNITY], report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=evaluator, report=report)  # never its own
    report = services.report_approve(actor=street, report=report)
    assert report.state == ReviewState.PENDING and report.stage == 1
    report = services.report_approve(actor=office, report=report)
    assert report.is_locked
    with pytest.raises(PermissionDenied):
        services.report_update(actor=evaluator, report=report, text="改", score=Decimal("90"))
    with pytest.raises(PermissionDenied):
        services.report_return(actor=office, report=report, comment="晚了")


def test_a_send_back_needs_a_comment_and_the_third_party_resubmits(assignment, evaluator, users):
    report = write(assignment, evaluator)
    street, office = users[Role.STREET], users[Role.PROGRAM_OFFICE]
    with pytest.raises(ValidationError):
        services.report_return(actor=street, report=report, comment=" ")
    report = services.report_approve(actor=street, report=report)
    report = services.report_return(actor=office, report=report, comment="得分依据不足")
    assert report.state == ReviewState.RETURNED and report.stage == 0
    assert report.events.last().comment == "得分依据不足"
    with pytest.raises(PermissionDenied):
        services.report_update(actor=street, report=report, text="改", score=Decimal("80"))
    report = services.report_update(
        actor=evaluator, report=report, text="补充依据", score=Decimal("80"), submit=True
    )
    assert report.state == ReviewState.PENDING and report.stage == 0
    assert report.score == Decimal("80")


def test_a_draft_is_submitted_later_by_its_third_party_only(assignment, evaluator, evaluator_b):
    report = write(assignment, evaluator, submit=False)
    assert report.state == ReviewState.DRAFT
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=evaluator_b, report=report)
    report = services.report_submit(actor=evaluator, report=report)
    assert report.state == ReviewState.PENDING


def test_an_unassigned_third_party_writes_no_report(assignment, evaluator_b, tree):
    with pytest.raises(PermissionDenied):
        services.report_create(
            actor=evaluator_b,
            project=assignment.project,
            third_party=tree.evaluator_b,
            kind="audit",
            text="x",
        )
