"""Shared fixtures: a small unit tree with every relation a role can have, one user per role."""

import os
from dataclasses import dataclass

import pytest

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.kinds import UnitKind
from gongzhi.core.roles import Role
from gongzhi.orgs.models import Unit

PASSWORD = "Test-pass-2024"
REQUIRE_SERVICES = os.environ.get("GZ_REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the default language (a request in English leaves it active)."""
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def _add(parent, name, kind):
    return Unit.objects.add_unit(parent, name=name, kind=kind)


@dataclass
class Tree:
    """测试市 with two streets, departments with sections, two agencies, two third parties."""

    region: Unit
    civil: Unit
    civil_section: Unit
    finance: Unit
    finance_section: Unit
    organisation: Unit
    organisation_section: Unit
    street_a: Unit
    community_a1: Unit
    grid_a1: Unit
    community_a2: Unit
    street_b: Unit
    community_b1: Unit
    agency_a: Unit
    agency_b: Unit
    evaluator_a: Unit
    evaluator_b: Unit


def build_tree() -> Tree:
    region = _add(None, "测试市", UnitKind.COUNTY)
    civil = _add(region, "市民政局", UnitKind.DEPARTMENT)
    finance = _add(region, "市财政局", UnitKind.DEPARTMENT)
    organisation = _add(region, "市委组织部", UnitKind.DEPARTMENT)
    street_a = _add(region, "甲街道", UnitKind.STREET)
    street_b = _add(region, "乙街道", UnitKind.STREET)
    community_a1 = _add(street_a, "甲一社区", UnitKind.COMMUNITY)
    return Tree(
        region=region,
        civil=civil,
        civil_section=_add(civil, "市民政局办公室", UnitKind.DEPARTMENT),
        finance=finance,
        finance_section=_add(finance, "市财政局社保股", UnitKind.DEPARTMENT),
        organisation=organisation,
        organisation_section=_add(organisation, "市委组织部组织股", UnitKind.DEPARTMENT),
        street_a=street_a,
        community_a1=community_a1,
        grid_a1=_add(community_a1, "甲一社区第一网格", UnitKind.GRID),
        community_a2=_add(street_a, "甲二社区", UnitKind.COMMUNITY),
        street_b=street_b,
        community_b1=_add(street_b, "乙一社区", UnitKind.COMMUNITY),
        agency_a=_add(region, "甲社工机构", UnitKind.AGENCY),
        agency_b=_add(region, "乙社工机构", UnitKind.AGENCY),
        evaluator_a=_add(region, "甲评估机构", UnitKind.THIRD_PARTY),
        evaluator_b=_add(region, "乙评估机构", UnitKind.THIRD_PARTY),
    )


@pytest.fixture
def tree(db) -> Tree:
    return build_tree()


# Where each role sits in the test tree, and the units around it: (own, parent, sibling, child).
def seats(tree: Tree) -> dict[str, dict[str, Unit | None]]:
    def rel(own, parent, sibling, child):
        return {"own": own, "parent": parent, "sibling": sibling, "child": child}

    return {
        Role.PROGRAM_OFFICE: rel(tree.civil, tree.region, tree.finance, tree.civil_section),
        Role.CITY_DEPARTMENT: rel(
            tree.organisation, tree.region, tree.civil, tree.organisation_section
        ),
        Role.FINANCE: rel(tree.finance, tree.region, tree.civil, tree.finance_section),
        Role.STREET: rel(tree.street_a, tree.region, tree.street_b, tree.community_a1),
        Role.COMMUNITY: rel(tree.community_a1, tree.street_a, tree.community_a2, tree.grid_a1),
        Role.AGENCY: rel(tree.agency_a, tree.region, tree.agency_b, None),
        Role.SOCIAL_WORKER: rel(tree.agency_a, tree.region, tree.agency_b, None),
        Role.THIRD_PARTY: rel(tree.evaluator_a, tree.region, tree.evaluator_b, None),
    }


def make_user(username: str, role: str, unit: Unit, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=extra.pop("full_name", username), **extra
    )
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def users(tree) -> dict[str, User]:
    """One user per role, seated as in `seats`."""
    return {
        role: make_user(f"user_{role}", role, seat["own"]) for role, seat in seats(tree).items()
    }


@pytest.fixture
def office(users):
    return users[Role.PROGRAM_OFFICE]


@pytest.fixture
def street_user(users):
    return users[Role.STREET]


@pytest.fixture
def community_user(users):
    return users[Role.COMMUNITY]


@pytest.fixture
def program(tree):
    """A program of the test region, run from 市民政局."""
    from gongzhi.programs.models import Program

    return Program.objects.create(
        code="test-2024", name="测试项目", year=2024, region=tree.region, office_unit=tree.civil
    )


@pytest.fixture
def demo(db):
    """The Guanghan units, program and demo accounts as `make demo` loads them, nothing reported
    (the demo history is tested in tests/demo)."""
    from gongzhi.programs.models import Program
    from tests.demo_snapshot import load_demo_rows

    load_demo_rows()
    return Program.objects.get(code="guanghan-2024")


@pytest.fixture
def demo_users(demo):
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def item4(demo):
    """西城社区 work item 4: 召开4期供需对接会."""
    from gongzhi.programs.models import Task

    return Task.objects.get(pilot__community__name="西城社区", number=4)


def make_meeting(unit: Unit, author: User, title: str = "联席会议", type: str = "joint_meeting"):
    """An activity of `unit` starting now (held in it when it is a community)."""
    import datetime

    from django.utils import timezone

    from gongzhi.activities.models import Activity

    start = timezone.now()
    return Activity.objects.create(
        title=title,
        type=type,
        unit=unit,
        community=unit if unit.kind == UnitKind.COMMUNITY else None,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="会议室",
        created_by=author,
    )
