"""The ledger (台账) pages: a program's tasks with their status, one task with its reports and
timeline, the records a counted target counts, and the ledger's Excel export."""

from itertools import groupby

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core.jobs import export_response
from gongzhi.core.paging import page_context
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedObjectActionView, ScopedViewMixin
from gongzhi.orgs.models import Unit
from gongzhi.programs import counters, measures
from gongzhi.programs.models import Assignment, Program, Target, Task
from gongzhi.progress.chain import reporting_units
from gongzhi.progress.filters import LedgerFilter
from gongzhi.progress.ledger import (
    PAGE_ORDER,
    Status,
    by_strand,
    lead_parts,
    ledger_queryset,
    mark_status,
    target_rows,
    task_status,
    with_status,
)
from gongzhi.progress.models import Report, ReviewEvent


class ProgramDetailView(ScopedDetailView):
    """The ledger (台账): the tasks the user may see, with their derived status, a page at a
    time (filtered by text, unit or status); statuses are computed for the page's rows only."""

    model = Program
    permission = Perm.VIEW_PROGRAMS
    template_name = "progress/ledger.html"
    tasks_per_page = 100

    def get_context_data(self, **kwargs):
        program = self.object
        tasks = with_status(Task.objects.visible_to(self.request.user).filter(program=program))
        ledger_filter = LedgerFilter(self.request.GET, queryset=tasks, request=self.request)
        tasks = ledger_filter.qs if ledger_filter.is_valid() else tasks.none()
        paging = page_context(
            self.request, ledger_queryset(program, tasks, PAGE_ORDER), self.tasks_per_page
        )
        rows = mark_status(list(paging["page_obj"]))
        by_kind = {kind: list(rows) for kind, rows in groupby(rows, key=lambda t: t.kind)}
        pilot_items = by_kind.get(Task.Kind.PILOT_ITEM, [])
        return super().get_context_data(
            filter=ledger_filter,
            phases=program.phases.prefetch_related("milestones"),
            city_tasks=by_kind.get(Task.Kind.CITY, []),
            strands=by_strand(
                (pilot, list(items)) for pilot, items in groupby(pilot_items, key=lambda t: t.pilot)
            ),
            filings=by_kind.get(Task.Kind.FILING, []),
            can_cockpit=self.access.has_perm(Perm.VIEW_COCKPIT),
            can_documents=self.access.has_perm(Perm.REPORT_PROGRESS),
            **paging,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        if not context["filter"].is_valid():
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class TaskDetailView(ScopedDetailView):
    """One task or item: units, targets against actuals, reports and the full timeline."""

    model = Task
    permission = Perm.VIEW_PROGRAMS
    template_name = "progress/task_detail.html"

    def narrow_queryset(self, queryset):
        return with_status(queryset).select_related(
            "program__office_unit", "pilot__community", "pilot__street"
        )

    def get_context_data(self, **kwargs):
        task = self.object
        task.status = task_status(task)
        reports = (
            Report.objects.visible_to(self.request.user)
            .filter(task=task)
            .select_related("unit", "author")
            .prefetch_related("evidence")
            .order_by("unit__path", "-created_at")
        )
        events = (
            ReviewEvent.objects.filter(report__in=reports)
            .select_related("actor", "actor_unit", "report__unit")
            .order_by("at", "pk")
        )
        assignments = list(task.assignments.select_related("unit").order_by("role", "order"))
        leads = [a.unit for a in assignments if a.role == Assignment.Role.LEAD]
        parts = lead_parts(task, leads)
        visible = {report.pk for report in reports}
        for part in parts:
            part.visible = part.claim is not None and part.claim.pk in visible
        return super().get_context_data(
            assignments=assignments,
            units_by_role=[
                (label, [a.unit for a in assignments if a.role == role])
                for role, label in Assignment.Role.choices
                if any(a.role == role for a in assignments)
            ],
            lead_parts=parts,
            waiting_on=[] if task.status == Status.DONE else [p for p in parts if not p.done],
            targets=target_rows(task.targets.all()),
            reports=reports,
            events=events,
            can_report=bool(reporting_units(task, self.request.user)),
            **kwargs,
        )


class TargetRecordsView(ScopedDetailView):
    """The records a counted target counts, as far as the viewer may see them."""

    model = Target
    permission = Perm.VIEW_PROGRAMS
    template_name = "progress/target_records.html"
    paginate_by = 50

    def narrow_queryset(self, queryset):
        return queryset.select_related("task__program__region", "task__pilot__community")

    def get_context_data(self, **kwargs):
        target = self.object
        counter = counters.get(target.counter)
        records = measures.counted_records(target)
        if records is not None:
            visible = records.model.objects.visible_to(self.request.user).values("pk")
            records = records.filter(pk__in=visible)[:500]
        return super().get_context_data(
            counter=counter,
            records=records,
            row=target_rows([target])[0],
            explanation=self._explanation(target),
            **kwargs,
        )

    def _explanation(self, target):
        """How the value came about; a coverage lists only the units the viewer may see."""
        explanation = measures.explain(target)
        if explanation and explanation.units:
            visible = set(
                Unit.objects.visible_to(self.request.user)
                .filter(pk__in=[unit.pk for unit, *_rest in explanation.units])
                .values_list("pk", flat=True)
            )
            explanation.hidden = sum(unit.pk not in visible for unit, *_rest in explanation.units)
            explanation.units = [row for row in explanation.units if row[0].pk in visible]
        return explanation


class LedgerExportView(ScopedObjectActionView):
    """The 台账 in Excel: at once when small, else in the background with its progress."""

    model = Program
    permission = Perm.VIEW_PROGRAMS
    changes = False  # an export reads the program; it is a POST as it may start a job

    def post(self, request, *args, **kwargs):
        program = self.get_object()
        return export_response(
            request,
            kind="ledger_export",
            title=_("导出工作台账：%(program)s") % {"program": program.name},
            params={"program": program.pk},
            back_url=program.get_absolute_url(),
        )


class CounterListView(ScopedViewMixin, TemplateView):
    """Every counter a target may name: what it counts and the arguments it takes."""

    permission = Perm.VIEW_PROGRAMS
    template_name = "progress/counter_list.html"

    def get_context_data(self, **kwargs):
        rows = [
            (counter, [(arg, _accepted(arg)) for arg in counter.args])
            for counter in sorted(counters.REGISTRY.values(), key=lambda c: c.name)
        ]
        return super().get_context_data(counters=rows, **kwargs)


def _accepted(arg) -> list | None:
    """The values an argument accepts, when they are few enough to list."""
    if arg.choices:
        return arg.choices()
    return ["true", "false"] if arg.kind is bool else None
