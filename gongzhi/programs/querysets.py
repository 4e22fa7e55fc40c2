"""Scoping for programs and tasks."""

from django.db.models import Exists, OuterRef, Q

from gongzhi.core.access import access_for
from gongzhi.core.paths import path_and_ancestors
from gongzhi.core.querysets import ScopedQuerySet


class ProgramQuerySet(ScopedQuerySet):
    unit_path_field = "region__path"

    def visible_to(self, user, perm=None):
        """Programs whose region overlaps what the user reaches (above or below their units)."""
        if not user.is_authenticated:
            return self.none()
        access = access_for(user)
        if access.is_superuser:
            return self
        condition = Q(pk__in=[])
        for path in access.scope_paths(perm):
            above = path_and_ancestors(path)
            condition |= Q(region__path__startswith=path) | Q(region__path__in=above)
        return self.filter(condition)


class TaskQuerySet(ScopedQuerySet):
    def visible_to(self, user, perm=None):
        """Tasks with a responsible unit the user reaches."""
        from gongzhi.programs.models import Assignment

        if not user.is_authenticated:
            return self.none()
        condition = access_for(user).path_filter("unit__path", perm)
        if condition is None:
            return self
        assigned = Assignment.objects.filter(condition, task=OuterRef("pk"))
        return self.filter(Exists(assigned))
