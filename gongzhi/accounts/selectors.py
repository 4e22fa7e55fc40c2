"""Reads about users used in more than one place."""

from gongzhi.accounts.models import RoleGrant
from gongzhi.core.access import ResolvedGrant
from gongzhi.core.kinds import REGION_KINDS
from gongzhi.core.paths import path_and_ancestors
from gongzhi.core.roles import ROLE_SPECS, Reach
from gongzhi.orgs.models import Unit


def primary_unit(user):
    """The unit of the user's first role: where their account events are filed."""
    if user is None:
        return None
    grant = user.grants.select_related("unit").order_by("pk").first()
    return grant.unit if grant else None


def resolved_grants(user) -> list[ResolvedGrant]:
    """The user's grants on active units, each with the subtree it reaches, in two queries."""
    rows = list(
        RoleGrant.objects.filter(user=user, unit__is_active=True)
        .select_related("unit")
        .order_by("pk")
    )
    region_paths = _region_paths(rows)
    return [
        ResolvedGrant(
            role=row.role,
            unit_id=row.unit_id,
            unit_name=row.unit.name,
            unit_path=row.unit.path,
            scope_path=_scope_path(row, region_paths),
        )
        for row in rows
    ]


def _region_paths(rows) -> list[str]:
    """Paths of the administrative regions holding each region-reach grant, in one query."""
    prefixes = {
        prefix
        for row in rows
        if ROLE_SPECS[row.role].reach == Reach.REGION
        for prefix in path_and_ancestors(row.unit.path)
    }
    if not prefixes:
        return []
    return list(
        Unit.objects.filter(path__in=prefixes, kind__in=REGION_KINDS).values_list("path", flat=True)
    )


def _scope_path(row, region_paths) -> str:
    if ROLE_SPECS[row.role].reach == Reach.SUBTREE:
        return row.unit.path
    holding = [path for path in region_paths if row.unit.path.startswith(path)]
    return max(holding, key=len) if holding else row.unit.path
