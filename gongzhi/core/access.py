"""Who may see and do what: a user's grants, loaded once per request, resolved to unit paths."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured

from gongzhi.core.roles import ROLE_SPECS, Perm


@dataclass(frozen=True)
class ResolvedGrant:
    role: str
    unit_id: int
    unit_name: str
    unit_path: str
    scope_path: str  # every unit whose path starts with this is in reach


GrantLoader = Callable[[object], list[ResolvedGrant]]
_grant_loader: GrantLoader | None = None


def register_grant_loader(loader: GrantLoader) -> None:
    """The accounts layer registers how a user's grants are read (core knows no user model)."""
    global _grant_loader
    _grant_loader = loader


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
        if not (self.user.is_authenticated and self.user.is_active):
            return []
        if _grant_loader is None:
            raise ImproperlyConfigured("No grant loader is registered (see register_grant_loader).")
        return _grant_loader(self.user)

    @property
    def is_superuser(self) -> bool:
        return self.user.is_authenticated and self.user.is_active and self.user.is_superuser

    @property
    def roles(self) -> set[str]:
        return self.roles_with()

    def roles_with(self, perm: Perm | None = None) -> set[str]:
        """The roles of the grants that carry `perm` (all of them if None)."""
        return {
            grant.role
            for grant in self.grants
            if perm is None or perm in ROLE_SPECS[grant.role].perms
        }

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
