"""Managing the unit tree."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.orgs.services import unit_create, unit_update


def test_office_adds_a_community_under_a_street(tree, office):
    unit = unit_create(actor=office, parent=tree.street_b, name=" 乙二社区 ", kind="community")
    assert unit.name == "乙二社区"
    assert unit.path.startswith(tree.street_b.path)
    assert Unit.objects.subtree_of(tree.street_b).count() == 3
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(unit.pk)).exists()


@pytest.mark.parametrize(
    ("parent", "name", "kind", "field"),
    [
        ("street_b", "网格", "grid", "kind"),  # a grid sits under a community, not a street
        ("street_a", "甲一社区", "community", "name"),  # same name under the same parent
        ("street_a", "x", "planet", "kind"),
    ],
)
def test_bad_units_are_refused_and_nothing_saved(tree, office, parent, name, kind, field):
    count = Unit.objects.count()
    with pytest.raises(ValidationError) as error:
        unit_create(actor=office, parent=getattr(tree, parent), name=name, kind=kind)
    assert field in error.value.message_dict
    assert Unit.objects.count() == count
    assert not AuditEntry.objects.filter(action=Action.CREATE).exists()


def test_street_may_not_change_the_tree(tree, street_user):
    with pytest.raises(PermissionDenied):
        unit_create(actor=street_user, parent=tree.street_a, name="新社区", kind="community")
    with pytest.raises(PermissionDenied):
        unit_create(actor=street_user, parent=None, name="新市", kind="county")


def test_a_unit_with_active_children_stays_active(tree, office):
    with pytest.raises(ValidationError) as error:
        unit_update(
            actor=office,
            unit=tree.street_a,
            name="甲街道",
            kind="street",
            code="",
            note="",
            is_active=False,
        )
    assert "is_active" in error.value.message_dict
    tree.street_a.refresh_from_db()
    assert tree.street_a.is_active


def _rekind(actor, unit, kind):
    return unit_update(
        actor=actor, unit=unit, name=unit.name, kind=kind, code="", note="", is_active=True
    )


def test_kind_change_must_fit_the_parent_and_the_children(tree, office):
    assert _rekind(office, tree.community_a1, "village").kind == "village"
    with pytest.raises(ValidationError, match="不能设立"):
        _rekind(office, tree.street_a, "community")  # a community cannot sit under the region
    with pytest.raises(ValidationError, match="下级单位"):
        _rekind(office, tree.organisation, "agency")  # an agency cannot hold sections
    tree.organisation.refresh_from_db()
    assert tree.organisation.kind == "department"


def test_unit_form_shows_errors_by_field(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("orgs:unit-create"),
        {"parent": tree.street_b.pk, "name": "", "kind": "grid"},
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_unit_form_creates(client, tree, office):
    client.force_login(office)
    response = client.post(
        reverse("orgs:unit-create"),
        {"parent": tree.street_b.pk, "name": "乙二社区", "kind": "community"},
    )
    unit = Unit.objects.get(name="乙二社区")
    assert response.url == unit.get_absolute_url()


def test_unit_detail_lists_visible_children_and_breadcrumbs(client, tree, street_user):
    client.force_login(street_user)
    response = client.get(reverse("orgs:unit-detail", args=[tree.community_a1.pk]))
    assert [u.name for u in response.context["ancestors"]] == ["甲街道"]  # 测试市 is out of reach
    assert [u.name for u in response.context["children"]] == ["甲一社区第一网格"]
