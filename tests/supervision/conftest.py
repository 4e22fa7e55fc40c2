"""A project bought by 甲一社区 from 甲社工机构, supervised by 甲评估机构."""

import datetime

import pytest

from gongzhi.core.roles import Role
from gongzhi.supervision import services
from gongzhi.supervision.models import SupervisionAssignment
from tests.conftest import make_user
from tests.services.conftest import make_project


@pytest.fixture
def project(tree, program, office):
    return make_project(program, tree.community_a1, tree.agency_a, office)


@pytest.fixture
def assignment(project, tree, office):
    return SupervisionAssignment.objects.create(
        project=project, third_party=tree.evaluator_a, created_by=office
    )


@pytest.fixture
def evaluator(users):
    return users[Role.THIRD_PARTY]


@pytest.fixture
def evaluator_b(tree):
    return make_user("evaluator_b", Role.THIRD_PARTY, tree.evaluator_b)


@pytest.fixture
def visit(assignment, evaluator, tree):
    return services.visit_create(
        actor=evaluator,
        project=assignment.project,
        third_party=tree.evaluator_a,
        date=datetime.date(2024, 6, 3),
        findings="台账不全",
        items=[("补齐服务台账", tree.agency_a, datetime.date(2024, 6, 30))],
    )


@pytest.fixture
def item(visit):
    return visit.items.get()
