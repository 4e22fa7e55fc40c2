"""An organisation is reached by its home unit or through its links. A street or a community
reaches its few hundred as a UNION of ids (one indexed lookup each), not as owner OR
EXISTS(link), which scans the whole table; the office, which reaches nearly all of them, by the OR,
which stops once a page is full (a UNION collected all 2.8 M ids at province)."""

from gongzhi.community.models import OrgLink, SocialOrganization
from gongzhi.core.roles import Perm
from tests.conftest import make_user


def _org(name, unit):
    return SocialOrganization.objects.create(
        name=name, unit=unit, category="elderly", filing="filed"
    )


def test_a_community_reaches_its_own_and_its_linked_organisations_by_ids(tree):
    user = make_user("a1_staff", "community", tree.community_a1)
    own = _org("本社区组织", tree.community_a1)
    linked = _org("结对组织", tree.community_b1)
    OrgLink.objects.create(organization=linked, community=tree.community_a1, since="2024-01-01")
    elsewhere = _org("别处组织", tree.community_b1)
    visible = SocialOrganization.objects.visible_to(user)
    sql = str(visible.query).upper()
    assert "UNION" in sql and "EXISTS" not in sql
    assert set(visible) == {own, linked}
    assert elsewhere not in SocialOrganization.objects.visible_to(user)
    assert set(SocialOrganization.objects.editable_by(user, Perm.MANAGE_REGISTRIES)) == {own}


def test_the_office_reaches_them_by_the_or_and_a_street_by_ids(tree, office, street_user):
    own = _org("街道组织", tree.street_a)
    linked = _org("结对组织", tree.community_b1)
    OrgLink.objects.create(organization=linked, community=tree.community_a1, since="2024-01-01")
    for user, shape in ((office, "EXISTS"), (street_user, "UNION")):
        visible = SocialOrganization.objects.visible_to(user, Perm.VIEW_REGISTRIES)
        assert shape in str(visible.query).upper()
        assert set(visible) == {own, linked}
