"""甲一社区's project bought from 甲社工机构, and 市财政局's user."""

import datetime
from decimal import Decimal

import pytest

from gongzhi.core.roles import Role
from gongzhi.funds.models import BudgetLine, FundEntry
from tests.services.conftest import make_project


@pytest.fixture
def project(tree, program, office):
    return make_project(program, tree.community_a1, tree.agency_a, office)


@pytest.fixture
def finance_user(users):
    return users[Role.FINANCE]


def budget(project, source, amount, author, item="人员经费") -> BudgetLine:
    return BudgetLine.objects.create(
        project=project, source=source, item=item, amount=Decimal(amount), created_by=author
    )


def entry(project, kind, amount, source="province", **extra) -> FundEntry:
    """An unsaved entry, for `entry_record`."""
    return FundEntry(
        project=project,
        kind=kind,
        source=source,
        amount=Decimal(amount),
        date=extra.pop("date", datetime.date(2024, 6, 1)),
        **extra,
    )
