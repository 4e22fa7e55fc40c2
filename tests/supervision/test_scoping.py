"""Who sees supervision records: the third party its own, the buyer and the units above it and
the agency those of their projects (the agency only reading), another third party nothing."""

import pytest

from gongzhi.core.roles import Role
from gongzhi.supervision.models import (
    Rectification,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
)
from gongzhi.supervision.services import report_create
from tests.conftest import make_user

MODELS = (SupervisionAssignment, Visit, Rectification, SupervisionReport)


@pytest.fixture
def records(item, evaluator, assignment):
    report_create(
        actor=evaluator,
        project=assignment.project,
        third_party=assignment.third_party,
        kind="audit",
        text="审计意见",
    )


@pytest.mark.parametrize(
    "role", [Role.THIRD_PARTY, Role.COMMUNITY, Role.STREET, Role.PROGRAM_OFFICE]
)
def test_the_third_party_buyer_street_and_office_see_everything(records, users, role):
    for model in MODELS:
        assert model.objects.visible_to(users[role]).count() == 1, model


def test_the_agency_reads_its_projects_records_but_changes_none(records, users):
    agency = users[Role.AGENCY]
    for model in MODELS:
        assert model.objects.visible_to(agency).count() == 1, model
        assert not model.objects.editable_by(agency, "supervision.supervise").exists(), model


def test_another_third_party_and_another_street_see_nothing(records, evaluator_b, tree):
    outsiders = [evaluator_b, make_user("street_b", Role.STREET, tree.street_b)]
    for user in outsiders:
        for model in MODELS:
            assert not model.objects.visible_to(user).exists(), (user, model)
