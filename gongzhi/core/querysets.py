"""The one place where records are scoped to what a user may see."""

from django.db import models

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm


class ScopedQuerySet(models.QuerySet):
    """A queryset of records owned by a unit; `unit_path_field` names the owning unit's path."""

    unit_path_field = "unit__path"

    def visible_to(self, user, perm: Perm | None = None):
        """Records in the units the user reaches (through a role with `perm`, if given)."""
        if not user.is_authenticated:
            return self.none()
        condition = access_for(user).path_filter(self.unit_path_field, perm)
        return self if condition is None else self.filter(condition)

    def editable_by(self, user, perm: Perm):
        """Records the user may change: reached through a role that holds `perm`."""
        return self.visible_to(user, perm)

    def unscoped(self):
        """Every record, unfiltered. Each caller must say in a comment why that is safe."""
        return self.all()
