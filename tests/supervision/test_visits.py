"""Visits and their rectification items: set by the assigned third party, fixed by the owner
unit, closed (or reopened) by the third party; overdue while open past the due date."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongzhi.core.audit import Action, AuditEntry
from gongzhi.core.roles import Role
from gongzhi.supervision import services
from gongzhi.supervision.models import Rectification, SupervisionAssignment, Visit

State = Rectification.State


def test_the_buyer_assigns_a_third_party_of_the_region(project, tree, users):
    services.assignment_create(
        actor=users[Role.COMMUNITY], project=project, third_party=tree.evaluator_b
    )
    assert SupervisionAssignment.objects.filter(project=project).count() == 1
    with pytest.raises(ValidationError):
        services.assignment_create(
            actor=users[Role.COMMUNITY], project=project, third_party=tree.agency_b
        )


def test_a_third_party_cannot_assign_itself(project, tree, evaluator):
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=evaluator, project=project, third_party=tree.evaluator_a)


def test_only_the_assigned_third_party_records_a_visit(assignment, tree, evaluator_b):
    with pytest.raises(PermissionDenied):
        services.visit_create(
            actor=evaluator_b,
            project=assignment.project,
            third_party=tree.evaluator_b,
            date=datetime.date(2024, 6, 3),
            findings="x",
        )
    assert not Visit.objects.exists()


def test_a_bad_item_saves_nothing_and_names_its_row(assignment, tree, evaluator):
    with pytest.raises(ValidationError, match="第 2 项"):
        services.visit_create(
            actor=evaluator,
            project=assignment.project,
            third_party=tree.evaluator_a,
            date=datetime.date(2024, 6, 3),
            findings="台账不全",
            items=[
                ("补齐台账", tree.agency_a, datetime.date(2024, 6, 30)),
                ("别处的事", tree.community_b1, datetime.date(2024, 6, 30)),
            ],
        )
    assert not Visit.objects.exists() and not Rectification.objects.exists()


def test_the_item_lifecycle_fix_reopen_fix_close(item, users, evaluator):
    agency = users[Role.AGENCY]
    with pytest.raises(PermissionDenied):
        services.item_confirm(actor=evaluator, item=item, accept=True)  # not fixed yet
    with pytest.raises(PermissionDenied):
        services.item_fix(actor=evaluator, item=item, fix="我来改")  # not the owner
    with pytest.raises(ValidationError):
        services.item_fix(actor=agency, item=item, fix="  ")
    item = services.item_fix(actor=agency, item=item, fix="已补齐")
    assert item.state == State.FIXED and item.fixed_at
    with pytest.raises(PermissionDenied):
        services.item_confirm(actor=agency, item=item, accept=True)  # the owner cannot close it
    with pytest.raises(ValidationError):
        services.item_confirm(actor=evaluator, item=item, accept=False)  # reopening needs why
    item = services.item_confirm(actor=evaluator, item=item, accept=False, comment="缺签名")
    assert item.state == State.OPEN
    services.item_fix(actor=agency, item=item, fix="已补签名")
    item = services.item_confirm(actor=evaluator, item=item, accept=True)
    assert item.state == State.CLOSED and item.closed_at
    with pytest.raises(PermissionDenied):
        services.item_fix(actor=agency, item=item, fix="再改")
    steps = AuditEntry.objects.filter(object_id=str(item.pk), action=Action.TRANSITION)
    assert steps.count() == 4


def test_an_open_item_is_overdue_past_its_date_until_closed(item, users, evaluator):
    due = item.due_on
    assert not item.is_overdue(due)
    assert item.is_overdue(due + datetime.timedelta(days=1))
    assert list(Rectification.objects.overdue(due + datetime.timedelta(days=1))) == [item]
    services.item_fix(actor=users[Role.AGENCY], item=item, fix="已补齐")
    item = services.item_confirm(actor=evaluator, item=item, accept=True)
    assert not item.is_overdue(due + datetime.timedelta(days=1))
    assert not Rectification.objects.overdue(due + datetime.timedelta(days=1)).exists()
