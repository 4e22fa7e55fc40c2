"""Kinds of organisation unit and which kind may sit under which."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("省")
    PREFECTURE = "prefecture", _("市（州）")
    COUNTY = "county", _("县（市、区）")
    DEPARTMENT = "department", _("部门")
    STREET = "street", _("街道")
    TOWN = "town", _("镇")
    COMMUNITY = "community", _("社区")
    VILLAGE = "village", _("村")
    GRID = "grid", _("网格")
    AGENCY = "agency", _("社工机构")
    THIRD_PARTY = "third_party", _("第三方机构")


REGION_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.PREFECTURE, UnitKind.COUNTY})
STREET_KINDS = frozenset({UnitKind.STREET, UnitKind.TOWN})
COMMUNITY_KINDS = frozenset({UnitKind.COMMUNITY, UnitKind.VILLAGE})

_SERVICE_PROVIDERS = {UnitKind.AGENCY, UnitKind.THIRD_PARTY}

ALLOWED_CHILD_KINDS: dict[str, frozenset[str]] = {
    UnitKind.PROVINCE: frozenset({UnitKind.PREFECTURE, UnitKind.DEPARTMENT} | _SERVICE_PROVIDERS),
    UnitKind.PREFECTURE: frozenset(
        {UnitKind.COUNTY, UnitKind.DEPARTMENT, *STREET_KINDS} | _SERVICE_PROVIDERS
    ),
    UnitKind.COUNTY: frozenset({UnitKind.DEPARTMENT, *STREET_KINDS} | _SERVICE_PROVIDERS),
    UnitKind.DEPARTMENT: frozenset({UnitKind.DEPARTMENT}),
    UnitKind.STREET: frozenset(COMMUNITY_KINDS),
    UnitKind.TOWN: frozenset(COMMUNITY_KINDS),
    UnitKind.COMMUNITY: frozenset({UnitKind.GRID}),
    UnitKind.VILLAGE: frozenset({UnitKind.GRID}),
    UnitKind.GRID: frozenset(),
    UnitKind.AGENCY: frozenset(),
    UnitKind.THIRD_PARTY: frozenset(),
}
ROOT_KINDS = REGION_KINDS
