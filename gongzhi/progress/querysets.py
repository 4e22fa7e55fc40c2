"""Who sees which reports: the reporting unit's reach, plus the lead units of the task (they see
their co-units' contributions)."""

from gongzhi.core.querysets import Link, Scope, ScopedQuerySet


class ReportQuerySet(ScopedQuerySet):
    # Kept by the reporting unit; the task's lead units read their co-units' reports.
    scope = Scope(
        owner="unit__path",
        also=(Link("task__assignments__unit__path", {"task__assignments__role": "lead"}),),
        lists_by_link=True,
    )


class EvidenceQuerySet(ScopedQuerySet):
    scope = Scope(via="report")

    def public(self):
        """Evidence a reviewer marked public, on fully approved reports."""
        return self.filter(is_public=True, report__state="approved")
