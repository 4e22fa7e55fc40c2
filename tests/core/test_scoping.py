"""`.visible_to(user)` and the role reach, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured

from gongzhi.accounts.models import RoleGrant
from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm, Role
from gongzhi.core.views import ScopedListView
from gongzhi.orgs.models import Unit
from tests.conftest import make_user


def _names(queryset):
    return set(queryset.values_list("name", flat=True))


def test_program_office_sees_its_whole_region(tree, office):
    assert Unit.objects.visible_to(office).count() == Unit.objects.count() == 17


def test_finance_sees_its_whole_region(tree, users):
    assert Unit.objects.visible_to(users[Role.FINANCE]).count() == 17


def test_street_sees_itself_and_below_only(tree, street_user):
    assert _names(Unit.objects.visible_to(street_user)) == {
        "甲街道",
        "甲一社区",
        "甲一社区第一网格",
        "甲二社区",
    }


def test_community_sees_itself_and_its_grids(tree, community_user):
    assert _names(Unit.objects.visible_to(community_user)) == {"甲一社区", "甲一社区第一网格"}


def test_department_sees_itself_and_its_sections(tree, users):
    assert _names(Unit.objects.visible_to(users[Role.CITY_DEPARTMENT])) == {
        "市委组织部",
        "市委组织部组织股",
    }


@pytest.mark.parametrize("role", [Role.AGENCY, Role.SOCIAL_WORKER])
def test_agency_roles_see_their_agency_only(tree, users, role):
    assert _names(Unit.objects.visible_to(users[role])) == {"甲社工机构"}


def test_anonymous_sees_nothing(tree):
    assert Unit.objects.visible_to(AnonymousUser()).count() == 0


def test_two_grants_see_the_union(tree):
    person = make_user("two_hats", Role.COMMUNITY, tree.community_a1)
    RoleGrant.objects.create(user=person, role=Role.COMMUNITY, unit=tree.community_b1)
    assert _names(Unit.objects.visible_to(person)) == {"甲一社区", "甲一社区第一网格", "乙一社区"}


def test_grant_at_a_deactivated_unit_reaches_nothing(tree, community_user):
    Unit.objects.filter(pk__in=[tree.community_a1.pk, tree.grid_a1.pk]).update(is_active=False)
    community_user.refresh_from_db()
    assert Unit.objects.visible_to(community_user).count() == 0


def test_inactive_account_reaches_nothing(tree, street_user):
    street_user.is_active = False
    street_user.save()
    assert access_for(street_user).scope_paths() == []


def test_editable_by_needs_the_permission(tree, office, street_user):
    assert Unit.objects.editable_by(office, Perm.MANAGE_UNITS).count() == 17
    assert Unit.objects.editable_by(street_user, Perm.MANAGE_UNITS).count() == 0


def test_access_loads_grants_in_two_queries(tree, office, django_assert_num_queries):
    with django_assert_num_queries(2):  # the grants, then the regions of region-reach grants
        access = access_for(office)
        access.scope_paths()
        access.reaches(tree.grid_a1)
        access.has_perm(Perm.MANAGE_USERS)


def test_region_reach_without_a_region_stays_at_its_unit(tree):
    # An office seated in a department that no region holds (a lone root) reaches its own subtree.
    lone = Unit.objects.add_unit(None, name="独立部门", kind="county")
    person = make_user("lone_office", Role.PROGRAM_OFFICE, lone)
    assert access_for(person).scope_paths() == [lone.path]


def test_views_may_not_replace_the_scoped_queryset():
    with pytest.raises(ImproperlyConfigured):

        class Leaky(ScopedListView):
            def get_queryset(self):
                return Unit.objects.all()
