"""Who may see and do what: a user's grants, loaded once per request, resolved to unit paths."""

from dataclasses import dataclass
from functools import cached_property

from gongzhi.core.roles import ROLE_SPECS, Perm, Reach
from gongzhi.orgs.kinds import REGION_KINDS
from gongzhi.orgs.paths import path_and_ancestors


@dataclass(frozen=True)
class ResolvedGrant:
    role: str
    unit_id: int
    unit_name: str
    unit_path: str
    scope_path: str  # every unit whose path starts with this is in reach


def _outermost(paths):
    """Drop paths already covered by a shorter prefix in the same list."""
    kept = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(prefix) for prefix in kept):
            kept.append(path)
    return kept


class Access:
    """A user's grants and what they reach. Build with `access_for(user)`."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def grants(self) -> list[ResolvedGrant]:
        from gongzhi.accounts.models import RoleGrant
        from gongzhi.orgs.models import Unit

        if not (self.user.is_authenticated and self.user.is_active):
            return []
        rows = list(
            RoleGrant.objects.filter(user=self.user, unit__is_active=True)
            .select_related("unit")
            .order_by("pk")
        )
        region_paths = self._region_paths(Unit, rows)
        return [
            ResolvedGrant(
                role=row.role,
                unit_id=row.unit_id,
                unit_name=row.unit.name,
                unit_path=row.unit.path,
                scope_path=self._scope_path(row, region_paths),
            )
            for row in rows
        ]

    @staticmethod
    def _region_paths(unit_model, rows):
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
            unit_model.objects.filter(path__in=prefixes, kind__in=REGION_KINDS).values_list(
                "path", flat=True
            )
        )

    @staticmethod
    def _scope_path(row, region_paths):
        if ROLE_SPECS[row.role].reach == Reach.SUBTREE:
            return row.unit.path
        holding = [p for p in region_paths if row.unit.path.startswith(p)]
        return max(holding, key=len) if holding else row.unit.path

    @property
    def is_superuser(self) -> bool:
        return self.user.is_authenticated and self.user.is_active and self.user.is_superuser

    @property
    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}

    def scope_paths(self, perm: Perm | None = None) -> list[str]:
        """Subtree roots the user reaches through grants whose role has `perm` (any if None)."""
        return _outermost(
            grant.scope_path
            for grant in self.grants
            if perm is None or perm in ROLE_SPECS[grant.role].perms
        )

    def has_perm(self, perm: Perm) -> bool:
        return self.is_superuser or bool(self.scope_paths(perm))

    def reaches(self, unit, perm: Perm | None = None) -> bool:
        if self.is_superuser:
            return True
        return any(unit.path.startswith(path) for path in self.scope_paths(perm))

    def sits_in(self, unit, perm: Perm) -> bool:
        """Whether the user holds `perm` through a grant held at `unit` itself: acting *for* a
        unit (reporting, reviewing as it), as opposed to reaching it from above."""
        return any(
            grant.unit_id == unit.pk and perm in ROLE_SPECS[grant.role].perms
            for grant in self.grants
        )


def access_for(user) -> Access:
    """The user's Access, computed once per user object (so once per request)."""
    cached = getattr(user, "_gz_access", None)
    if cached is None:
        cached = Access(user)
        if user.is_authenticated:
            user._gz_access = cached
    return cached
