"""A project bought by 甲一社区 from 甲社工机构, with its people."""

import datetime
from decimal import Decimal

import pytest

from gongzhi.community.models import SocialWorker
from gongzhi.core.roles import Role
from gongzhi.services.models import ServiceLog, ServiceProject
from tests.conftest import make_user


def make_project(program, buyer, agency, author, **extra) -> ServiceProject:
    fields = {
        "title": f"{buyer.name}社工服务项目",
        "method": "negotiation",
        "amount": Decimal("180000.00"),
        "starts_on": datetime.date(2024, 3, 1),
        "ends_on": datetime.date(2024, 12, 31),
        **extra,
    }
    return ServiceProject.objects.create(
        program=program, buyer=buyer, agency=agency, created_by=author, **fields
    )


def make_log(project, worker, author, **extra) -> ServiceLog:
    fields = {
        "community": project.buyer,
        "kind": "case",
        "date": datetime.date(2024, 5, 6),
        "beneficiaries": 1,
        "hours": Decimal("1.5"),
        "description": "入户探访",
        **extra,
    }
    return ServiceLog.objects.create(project=project, worker=worker, created_by=author, **fields)


@pytest.fixture
def agency_user(users):
    return users[Role.AGENCY]


@pytest.fixture
def worker_user(users):
    return users[Role.SOCIAL_WORKER]


@pytest.fixture
def worker(tree):
    return SocialWorker.objects.create(name="李社工", unit=tree.agency_a)


@pytest.fixture
def project(tree, program, office):
    return make_project(program, tree.community_a1, tree.agency_a, office)


@pytest.fixture
def agency_b_user(tree):
    return make_user("agency_b", Role.AGENCY, tree.agency_b)
