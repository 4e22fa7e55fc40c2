"""Who sees which reports: the reporting unit's reach, plus the lead units of the task (they see
their co-units' contributions)."""

from django.db.models import Exists, OuterRef

from gongzhi.core.access import access_for
from gongzhi.core.querysets import ScopedQuerySet


def _lead_of_task(user, task_field: str):
    from gongzhi.programs.models import Assignment

    condition = access_for(user).path_filter("unit__path")
    return Exists(Assignment.objects.filter(condition, task=OuterRef(task_field), role="lead"))


class ReportQuerySet(ScopedQuerySet):
    def visible_to(self, user, perm=None):
        """Reports of units the user reaches; for reading (no `perm`), also every report on a
        task the user's units lead."""
        scoped = super().visible_to(user, perm)
        if perm is not None or not user.is_authenticated or access_for(user).is_superuser:
            return scoped
        return scoped | self.filter(_lead_of_task(user, "task"))


class EvidenceQuerySet(ScopedQuerySet):
    unit_path_field = "report__unit__path"

    def visible_to(self, user, perm=None):
        from gongzhi.progress.models import Report

        return self.filter(report__in=Report.objects.visible_to(user, perm))

    def public(self):
        """Evidence a reviewer marked public, on fully approved reports."""
        return self.filter(is_public=True, report__state="approved")
