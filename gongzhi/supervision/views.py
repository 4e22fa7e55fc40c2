from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.forms import run_service
from gongzhi.core.review import ReviewState
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
)
from gongzhi.core.views.drafts import after_save, submitting
from gongzhi.services.forms import ReviewForm
from gongzhi.services.models import ServiceProject
from gongzhi.supervision import services
from gongzhi.supervision.chain import FLOW
from gongzhi.supervision.forms import (
    MAX_ITEM_ROWS,
    AssignForm,
    ConfirmForm,
    FixForm,
    ItemFormSet,
    ReportForm,
    VisitForm,
)
from gongzhi.supervision.models import (
    Rectification,
    ReportFile,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
    VisitFile,
)

# --- the projects a third party supervises ------------------------------------------------------


class AssignmentListView(ScopedListView):
    model = SupervisionAssignment
    permission = Perm.VIEW_SERVICES
    template_name = "supervision/assignment_list.html"
    paginate_by = 30

    def filter_queryset(self, queryset):
        project = self.request.GET.get("project", "")
        return queryset.filter(project_id=project) if project.isdigit() else queryset

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer", "project__agency", "third_party")


class AssignmentDetailView(ScopedDetailView):
    model = SupervisionAssignment
    permission = Perm.VIEW_SERVICES
    template_name = "supervision/assignment_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer", "project__agency", "third_party")

    def get_context_data(self, **kwargs):
        assignment, user = self.object, self.request.user
        where = {"project": assignment.project, "third_party": assignment.third_party}
        return super().get_context_data(
            visits=Visit.objects.visible_to(user).filter(**where),
            reports=SupervisionReport.objects.visible_to(user).filter(**where),
            can_supervise=self.access.sits_in(assignment.third_party, Perm.SUPERVISE),
            **kwargs,
        )


class AssignmentFormView(ScopedObjectFormView):
    model = SupervisionAssignment
    permission = Perm.SUPERVISE

    def may_act_on(self, obj) -> bool:
        return obj.is_active and self.access.sits_in(obj.third_party, Perm.SUPERVISE)


class VisitCreateView(AssignmentFormView):
    """A visit with any number of items: three empty rows, and "add a row" posts the form back
    with one more (no script needed); empty rows are skipped."""

    form_class = VisitForm
    template_name = "supervision/visit_form.html"

    def get_initial(self):
        return {"date": clock.today()}

    def get_context_data(self, **kwargs):
        if "items" not in kwargs:
            kwargs["items"] = self.item_formset()
        return super().get_context_data(**kwargs)

    def item_formset(self, adding=False):
        project = self.object.project
        if self.request.method != "POST":
            return ItemFormSet(project=project)
        data = self.request.POST.copy()
        if adding:
            rows = int(data.get("items-TOTAL_FORMS") or 0)
            data["items-TOTAL_FORMS"] = str(min(rows + 1, MAX_ITEM_ROWS))
        return ItemFormSet(data, project=project)

    def post(self, request, *args, **kwargs):
        if "add_row" in request.POST:
            form = self.get_form()
            form.errors.clear()  # not checked yet: the user is still filling it in
            return self.render_to_response(
                self.get_context_data(form=form, items=self.item_formset(adding=True))
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        items = self.item_formset()
        if not items.is_valid():
            return self.render_to_response(self.get_context_data(form=form, items=items))
        visit = run_service(
            form,
            lambda: services.visit_create(
                actor=self.request.user,
                project=self.object.project,
                third_party=self.object.third_party,
                items=items.items(),
                **form.cleaned_data,
            ),
        )
        if visit is None:
            return self.render_to_response(self.get_context_data(form=form, items=items))
        messages.success(self.request, _("已保存。"))
        return redirect(visit.get_absolute_url())

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form, items=self.item_formset()))


# --- who supervises a project: set by the office or the buyer -----------------------------------


class AssignView(ScopedObjectFormView):
    """A project's third parties: assign one more, or end an assignment (with a reason)."""

    model = ServiceProject
    permission = Perm.MANAGE_SERVICES
    form_class = AssignForm
    template_name = "supervision/assign.html"

    def may_act_on(self, obj) -> bool:
        return services.may_assign(self.request.user, obj)

    def narrow_queryset(self, queryset):
        return queryset.select_related("buyer", "agency")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "project": self.object}

    def get_context_data(self, **kwargs):
        assignments = SupervisionAssignment.objects.filter(project=self.object)
        return super().get_context_data(
            assignments=assignments.select_related("third_party"), **kwargs
        )

    def form_valid(self, form):
        assignment = run_service(
            form,
            lambda: services.assignment_create(
                actor=self.request.user, project=self.object, **form.cleaned_data
            ),
        )
        if assignment is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已委托。"))
        return redirect("supervision:assign", pk=self.object.pk)


class AssignmentEndView(ScopedObjectActionView):
    model = SupervisionAssignment
    permission = Perm.MANAGE_SERVICES

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer")

    def may_act_on(self, obj) -> bool:
        return obj.is_active and services.may_assign(self.request.user, obj.project)

    def perform(self, obj):
        reason = self.request.POST.get("reason", "")
        services.assignment_end(actor=self.request.user, assignment=obj, reason=reason)
        messages.success(self.request, _("已终止监督委托。"))

    def get_success_url(self):
        return reverse("supervision:assign", args=[self.object.project_id])


class StoredFileView(ScopedDetailView):
    permission = Perm.VIEW_SERVICES

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=False)


class VisitFileView(StoredFileView):
    model = VisitFile


class ReportFileView(StoredFileView):
    model = ReportFile


# --- visits and their items ---------------------------------------------------------------------


class VisitDetailView(ScopedDetailView):
    model = Visit
    permission = Perm.VIEW_SERVICES
    template_name = "supervision/visit_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer", "project__agency", "third_party")

    def get_context_data(self, **kwargs):
        user, today = self.request.user, clock.today()
        items = list(self.object.items.select_related("owner"))
        for item in items:
            item.visit = self.object
            item.overdue = item.is_overdue(today)
            item.can_fix = services.may_fix(user, item)
            item.can_confirm = services.may_confirm(user, item)
        return super().get_context_data(items=items, files=self.object.files.all(), **kwargs)


class ItemActionView(ScopedObjectActionView):
    model = Rectification
    permission = Perm.VIEW_SERVICES

    def narrow_queryset(self, queryset):
        return queryset.select_related("visit__third_party", "owner")


class ItemFixView(ItemActionView):
    def may_act_on(self, obj) -> bool:
        return services.may_fix(self.request.user, obj)

    def perform(self, obj):
        form = FixForm(self.request.POST)
        services.item_fix(actor=self.request.user, item=obj, fix=form.data.get("fix", ""))
        messages.success(self.request, _("已提交整改情况。"))


class ItemConfirmView(ItemActionView):
    def may_act_on(self, obj) -> bool:
        return services.may_confirm(self.request.user, obj)

    def perform(self, obj):
        form = ConfirmForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("请选择确认结论。"))
            return
        accept = form.cleaned_data["decision"] == "close"
        services.item_confirm(
            actor=self.request.user, item=obj, accept=accept, comment=form.cleaned_data["comment"]
        )
        messages.success(self.request, _("已销号。") if accept else _("已退回整改。"))


# --- reports ------------------------------------------------------------------------------------


class ReportCreateView(AssignmentFormView):
    form_class = ReportForm
    template_name = "supervision/report_form.html"

    def form_valid(self, form):
        report = run_service(
            form,
            lambda: services.report_create(
                actor=self.request.user,
                project=self.object.project,
                third_party=self.object.third_party,
                submit=submitting(self.request),
                **form.cleaned_data,
            ),
        )
        return self.form_invalid(form) if report is None else after_save(self.request, report)


class ReportMixin:
    model = SupervisionReport

    def narrow_queryset(self, queryset):
        return queryset.select_related(
            "project__program__office_unit", "project__buyer", "third_party", "author"
        )


class ReportDetailView(ReportMixin, ScopedDetailView):
    permission = Perm.VIEW_SERVICES
    template_name = "supervision/report_detail.html"

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        reviewer = FLOW.current_reviewer(report)
        return super().get_context_data(
            stages=report.stages.select_related("unit"),
            files=report.files.all(),
            events=report.events.select_related("actor", "actor_unit"),
            reviewer=reviewer,
            can_edit=FLOW.may_edit(user, report),
            can_review=FLOW.may_review(user, report),
            assignment=SupervisionAssignment.objects.visible_to(user)
            .filter(project=report.project, third_party=report.third_party)
            .first(),
            **kwargs,
        )


class ReportUpdateView(ReportMixin, ScopedObjectFormView):
    permission = Perm.SUPERVISE
    form_class = ReportForm
    template_name = "supervision/report_form.html"

    def may_act_on(self, obj) -> bool:
        return FLOW.may_edit(self.request.user, obj)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editing": True}

    def get_initial(self):
        return {"score": self.object.score, "text": self.object.text}

    def form_valid(self, form):
        report = run_service(
            form,
            lambda: services.report_update(
                actor=self.request.user,
                report=self.object,
                submit=submitting(self.request),
                **form.cleaned_data,
            ),
        )
        return self.form_invalid(form) if report is None else after_save(self.request, report)


class ReportReviewView(ReportMixin, ScopedObjectActionView):
    permission = Perm.REVIEW_SUPERVISION

    def may_act_on(self, obj) -> bool:
        return obj.state == ReviewState.PENDING and FLOW.may_review(self.request.user, obj)

    def perform(self, obj):
        form = ReviewForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("请选择审核结论。"))
            return
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == "approve":
            services.report_approve(actor=self.request.user, report=obj, comment=comment)
            messages.success(self.request, _("已审核通过。"))
        else:
            services.report_return(actor=self.request.user, report=obj, comment=comment)
            messages.success(self.request, _("已退回。"))
