from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from gongzhi.core import clock
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.excel import dated_filename, xlsx_response
from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectFormView,
    ScopedViewMixin,
)
from gongzhi.funds import rules, services
from gongzhi.funds.exports import MAX_ROWS, ledger_workbook
from gongzhi.funds.filters import LedgerFilter
from gongzhi.funds.forms import BudgetForm, EntryForm, ReverseForm
from gongzhi.funds.models import BudgetLine, EntryFile, FundEntry
from gongzhi.funds.selectors import project_totals, unit_totals
from gongzhi.services.models import ServiceProject

Kind = FundEntry.Kind


class FundPageView(ScopedDetailView):
    """A project's money: budget, allocated, disbursed and spent per source, with totals."""

    model = ServiceProject
    permission = Perm.VIEW_FUNDS
    template_name = "funds/project.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("buyer", "agency")

    def get_context_data(self, **kwargs):
        project, user = self.object, self.request.user
        by_source = project_totals([project.pk]).get(project.pk, {})
        return super().get_context_data(
            sources=[(_source_label(code), totals) for code, totals in sorted(by_source.items())],
            total=rules.sum_up(by_source),
            budget_lines=project.budget_lines.all(),
            entries=_with_reversals(project.fund_entries.all(), user),
            can_budget=services.may_budget(user, project),
            can_disburse=services.may_record(user, project, Kind.DISBURSEMENT),
            can_spend=services.may_record(user, project, Kind.SPENDING),
            **kwargs,
        )


def _with_reversals(entries, user) -> list:
    """The project's entries, each knowing whether the user may reverse it and what of it is
    not yet reversed (reversals are read with their originals, not one query each)."""
    rows = list(entries.prefetch_related("files").select_related("created_by", "project__buyer"))
    taken: dict[int, Decimal] = {}
    for entry in rows:
        if entry.is_reversal:
            taken[entry.reverses_id] = taken.get(entry.reverses_id, rules.ZERO) + entry.amount
    for entry in rows:
        entry.left = entry.amount + taken.get(entry.pk, rules.ZERO)
        entry.can_reverse = entry.left > 0 and services.may_reverse(user, entry)
    return rows


def _source_label(code: str) -> str:
    return FundEntry(source=code).get_source_display()


class ProjectMoneyFormView(ScopedObjectFormView):
    model = ServiceProject
    template_name = "funds/money_form.html"
    title = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.title, **kwargs)

    def done(self, result):
        messages.success(self.request, _("已保存。"))
        return redirect("funds:project", pk=self.object.pk)


class BudgetAddView(ProjectMoneyFormView):
    permission = Perm.MANAGE_SERVICES
    form_class = BudgetForm
    title = gettext_lazy("添加预算")

    def form_valid(self, form):
        def call():
            return services.budget_add(
                actor=self.request.user, project=self.object, **form.cleaned_data
            )

        result = run_service(form, call)
        return self.form_invalid(form) if result is None else self.done(result)


class EntryAddView(ProjectMoneyFormView):
    form_class = EntryForm
    kind: str = ""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_initial(self):
        return {"date": clock.today()}

    def form_valid(self, form):
        entry = form.save(commit=False)
        entry.project, entry.kind = self.object, self.kind

        def call():
            return services.entry_record(
                actor=self.request.user,
                entry=entry,
                files=form.cleaned_data["files"] or (),
                override_reason=form.cleaned_data.get("override_reason", ""),
            )

        result = run_service(form, call)
        return self.form_invalid(form) if result is None else self.done(result)


class AllocateView(EntryAddView):
    permission = Perm.RECORD_DISBURSEMENTS
    kind = Kind.ALLOCATION
    title = gettext_lazy("记录资金分配")


class DisburseView(EntryAddView):
    permission = Perm.RECORD_DISBURSEMENTS
    kind = Kind.DISBURSEMENT
    title = gettext_lazy("记录资金拨付")


class EntryReverseView(ScopedObjectFormView):
    """Correct a recorded entry by a reversing entry (红字冲销), with its reason."""

    model = FundEntry
    permission = Perm.VIEW_FUNDS
    form_class = ReverseForm
    template_name = "funds/reverse_form.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer")

    def may_act_on(self, obj) -> bool:
        return services.may_reverse(self.request.user, obj)

    def get_form_kwargs(self):
        left = services.unreversed(self.object)
        return {**super().get_form_kwargs(), "left": left}

    def get_initial(self):
        return {"date": clock.today(), "amount": services.unreversed(self.object)}

    def form_valid(self, form):
        def call():
            return services.entry_reverse(
                actor=self.request.user,
                entry=self.object,
                reason=form.cleaned_data["reason"],
                amount=form.cleaned_data["amount"],
                date=form.cleaned_data["date"],
                files=form.cleaned_data["files"] or (),
            )

        result = run_service(form, call)
        if result is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已冲销。"))
        return redirect("funds:project", pk=self.object.project_id)


class SpendView(EntryAddView):
    permission = Perm.RECORD_SPENDING
    kind = Kind.SPENDING
    title = gettext_lazy("记录资金支出")


def _ledger_rows(queryset):
    return queryset.select_related("project__buyer").order_by("-date", "-pk")


def money_by_unit(user) -> list:
    """Budget, allocated, disbursed and spent of each holder unit over all the money `user`
    may read (the ledger's filters do not apply)."""
    return unit_totals(
        BudgetLine.objects.visible_to(user, Perm.VIEW_FUNDS),
        FundEntry.objects.visible_to(user, Perm.VIEW_FUNDS),
    )


class LedgerView(ScopedListView):
    """Every money movement the user may read, newest first."""

    model = FundEntry
    permission = Perm.VIEW_FUNDS
    template_name = "funds/ledger.html"
    filterset_class = LedgerFilter
    paginate_by = 50

    def narrow_queryset(self, queryset):
        return _ledger_rows(queryset)

    def get_context_data(self, **kwargs):
        by_unit = money_by_unit(self.request.user)
        total = rules.sum_up(dict(enumerate(totals for _name, totals in by_unit)))
        return super().get_context_data(by_unit=by_unit, unit_total=total, **kwargs)


class LedgerExportView(ScopedViewMixin, View):
    """The ledger under its filters as an Excel file; the export is audited."""

    model = FundEntry
    permission = Perm.VIEW_FUNDS

    def filter_queryset(self, queryset):
        self.filterset = LedgerFilter(self.request.GET, queryset=queryset, request=self.request)
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def narrow_queryset(self, queryset):
        return _ledger_rows(queryset)

    def get(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        total = queryset.count()
        if not self.filterset.is_valid() or total > MAX_ROWS:
            messages.error(request, _("无法导出：请检查筛选条件，或缩小日期范围。"))
            return redirect(f"{reverse('funds:ledger')}?{request.GET.urlencode()}")
        content = ledger_workbook(queryset, money_by_unit(request.user))
        message = _("导出资金台账（%(n)d 条）") % {"n": total}
        audit_record(actor=request.user, action=Action.EXPORT, message=message)
        return xlsx_response(content, dated_filename(_("资金台账")))


class EntryFileView(ScopedDetailView):
    model = EntryFile
    permission = Perm.VIEW_FUNDS

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=False)
