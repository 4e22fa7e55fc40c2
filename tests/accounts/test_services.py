"""Managing users and roles: who may, what is refused, and that refusals change nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongzhi.accounts import services
from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role


def _create(actor, unit, **overrides):
    fields = {
        "username": "xc_staff",
        "full_name": "西城社工",
        "email": "",
        "password": "Xicheng#2024a",
        "role": Role.COMMUNITY,
        "unit": unit,
    }
    return services.user_create(actor=actor, **{**fields, **overrides})


def test_office_creates_a_user_with_a_role(tree, office):
    person = _create(office, tree.community_a1)
    assert person.check_password("Xicheng#2024a")
    assert [(g.role, g.unit) for g in person.grants.all()] == [(Role.COMMUNITY, tree.community_a1)]
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(person.pk))
    assert "password" not in entry.after


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"password": "short"}, None),
        ({"role": Role.PROGRAM_OFFICE}, "unit"),
        ({"username": "user_street"}, "username"),
    ],
)
def test_invalid_user_is_refused_and_nothing_saved(tree, office, users, overrides, field):
    before = (User.objects.count(), RoleGrant.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        _create(office, tree.community_a1, **overrides)
    if field:
        assert field in error.value.message_dict
    after = (User.objects.count(), RoleGrant.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_street_may_not_create_users(tree, street_user):
    with pytest.raises(PermissionDenied):
        _create(street_user, tree.community_a1)
    assert not User.objects.filter(username="xc_staff").exists()


def test_grant_add_and_remove(tree, office, community_user):
    grant = services.grant_add(
        actor=office, user=community_user, role=Role.COMMUNITY, unit=tree.community_a2
    )
    assert community_user.grants.count() == 2
    services.grant_remove(actor=office, grant=grant)
    assert community_user.grants.count() == 1
    actions = AuditEntry.objects.filter(object_type="accounts.rolegrant").values_list(
        "action", flat=True
    )
    assert sorted(actions) == [Action.CREATE, Action.DELETE]


def test_the_last_role_cannot_be_removed(tree, office, community_user):
    with pytest.raises(ValidationError):
        services.grant_remove(actor=office, grant=community_user.grants.get())
    assert community_user.grants.count() == 1


def test_duplicate_grant_is_refused(tree, office, community_user):
    with pytest.raises(ValidationError):
        services.grant_add(
            actor=office, user=community_user, role=Role.COMMUNITY, unit=tree.community_a1
        )


def test_office_may_not_deactivate_itself(tree, office):
    with pytest.raises(ValidationError):
        services.user_update(actor=office, user=office, full_name="x", email="", is_active=False)
    office.refresh_from_db()
    assert office.is_active


def test_create_form_names_the_field_in_error(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "jd",
            "full_name": "",
            "password": "abc",
            "role": Role.PROGRAM_OFFICE,
            "unit": tree.community_a1.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "full_name" in form.errors
    assert not User.objects.filter(username="jd").exists()


def test_create_form_shows_service_errors_on_the_field(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "jd",
            "full_name": "张三",
            "password": "Xicheng#2024a",
            "role": Role.PROGRAM_OFFICE,
            "unit": tree.community_a1.pk,
        },
    )
    assert "不能设在" in str(response.context["form"].errors["unit"])
    assert not User.objects.filter(username="jd").exists()


def test_create_form_creates_and_redirects(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "jd",
            "full_name": "张三",
            "password": "Xicheng#2024a",
            "role": Role.COMMUNITY,
            "unit": tree.community_a1.pk,
        },
    )
    person = User.objects.get(username="jd")
    assert response.url == person.get_absolute_url()


def test_units_offered_for_grants_are_those_the_office_manages(client, tree, office):
    client.force_login(office)
    response = client.get(reverse("accounts:user-create"))
    offered = set(response.context["form"].fields["unit"].queryset)
    assert tree.community_b1 in offered
    assert tree.grid_a1 not in offered  # no role may be held on a grid
    assert len(offered) == 16


def test_an_administrator_cannot_remove_their_own_role(client, tree, office):
    services.grant_add(actor=office, user=office, role=Role.PROGRAM_OFFICE, unit=tree.finance)
    own = office.grants.order_by("pk").first()
    client.force_login(office)
    response = client.post(reverse("accounts:grant-remove", args=[own.pk]), follow=True)
    assert "不能移除自己的角色" in response.content.decode()
    assert office.grants.count() == 2
