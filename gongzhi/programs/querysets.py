"""Scoping for programs and tasks."""

from gongzhi.core.querysets import Scope, ScopedQuerySet


class ProgramQuerySet(ScopedQuerySet):
    # Kept for its region; every unit inside the region reads it (the tasks below are scoped).
    scope = Scope(owner="region__path", below=True)


class TaskQuerySet(ScopedQuerySet):
    # Kept by its responsible units (lead and co-units).
    scope = Scope(owner="assignments__unit__path")


class PilotQuerySet(ScopedQuerySet):
    # Kept for its community; the street and the units above read it through their reach.
    scope = Scope(owner="community__path")
