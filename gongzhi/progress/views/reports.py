from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.forms import run_service
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ScopedDetailView,
    ScopedObjectActionView,
    ScopedObjectFormView,
)
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress import services
from gongzhi.progress.chain import (
    current_reviewer,
    may_edit,
    may_review,
    reporting_units,
    review_refusal,
)
from gongzhi.progress.forms import ReportForm, ReviewForm
from gongzhi.progress.models import Evidence, Notification, Report


class ReportCreateView(ScopedObjectFormView):
    """A responsible unit starts a report on a task (saved as a draft, then submitted)."""

    model = Task
    permission = Perm.REPORT_PROGRESS
    form_class = ReportForm
    template_name = "progress/report_form.html"

    def may_act_on(self, obj) -> bool:
        return bool(reporting_units(obj, self.request.user))

    def get_form_kwargs(self):
        seats = reporting_units(self.object, self.request.user)
        units = Unit.objects.filter(pk__in=[unit.pk for unit in seats])
        return {**super().get_form_kwargs(), "units": units, "targets": self.object.targets.all()}

    def form_valid(self, form):
        report = run_service(
            form,
            lambda: services.report_create(
                actor=self.request.user,
                task=self.object,
                unit=form.cleaned_data["unit"],
                submit=_submitting(self.request),
                **form.service_data(),
            ),
        )
        if report is None:
            return self.form_invalid(form)
        return _after_save(self.request, report)


def _submitting(request) -> bool:
    """The form's 提交审核 button (saves and submits in one step) rather than 保存草稿."""
    return "submit" in request.POST


def _after_save(request, report):
    if _submitting(request):
        messages.success(request, _("已提交审核。"))
    else:
        messages.success(request, _("已保存草稿。"))
    return redirect(report.get_absolute_url())


class ReportScopedMixin:
    model = Report

    def narrow_queryset(self, queryset):
        return queryset.select_related("task__program__office_unit", "task__pilot", "unit")


class ReportDetailView(ReportScopedMixin, ScopedDetailView):
    permission = Perm.VIEW_PROGRAMS
    template_name = "progress/report_detail.html"

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        reviewer = current_reviewer(report)
        seated = reviewer is not None and self.access.sits_in(reviewer, Perm.REVIEW_PROGRESS)
        refused = review_refusal(user, report) if seated else None
        return super().get_context_data(
            evidence=report.evidence.all(),
            actuals=report.actuals.select_related("target"),
            events=report.events.select_related("actor", "actor_unit"),
            reviewer=reviewer,
            can_edit=may_edit(user, report),
            can_review=seated and refused is None,
            review_refused=refused,
            can_publish=self.access.reaches(report.unit, Perm.REVIEW_PROGRESS),
            review_form=ReviewForm(),
            **kwargs,
        )


class ReportUpdateView(ReportScopedMixin, ScopedObjectFormView):
    permission = Perm.REPORT_PROGRESS
    form_class = ReportForm
    template_name = "progress/report_form.html"

    def may_act_on(self, obj) -> bool:
        return may_edit(self.request.user, obj)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "units": None,
            "targets": self.object.task.targets.all(),
        }

    def get_initial(self):
        report = self.object
        initial = {"text": report.text, "claims_completion": report.claims_completion}
        initial |= {f"target_{a.target_id}": a.value for a in report.actuals.all()}
        return initial

    def form_valid(self, form):
        report = run_service(
            form,
            lambda: services.report_update(
                actor=self.request.user,
                report=self.object,
                submit=_submitting(self.request),
                **form.service_data(),
            ),
        )
        if report is None:
            return self.form_invalid(form)
        return _after_save(self.request, report)


class ReportSubmitView(ReportScopedMixin, ScopedObjectActionView):
    permission = Perm.REPORT_PROGRESS

    def may_act_on(self, obj) -> bool:
        return may_edit(self.request.user, obj)

    def perform(self, obj):
        services.report_submit(actor=self.request.user, report=obj)
        messages.success(self.request, _("已提交审核。"))


class ReportReviewView(ReportScopedMixin, ScopedObjectActionView):
    permission = Perm.REVIEW_PROGRESS

    def may_act_on(self, obj) -> bool:
        return may_review(self.request.user, obj)

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


class EvidenceScopedMixin:
    model = Evidence

    def narrow_queryset(self, queryset):
        return queryset.select_related("report__unit", "report__task")


class EvidenceFileView(EvidenceScopedMixin, ScopedDetailView):
    """The file itself, only through scope (evidence is never served from a public folder)."""

    permission = Perm.VIEW_PROGRAMS
    thumbnail = False

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=self.thumbnail)


class EvidenceThumbnailView(EvidenceFileView):
    thumbnail = True


class EvidencePublishView(EvidenceScopedMixin, ScopedObjectActionView):
    permission = Perm.REVIEW_PROGRESS

    def perform(self, obj):
        services.evidence_set_public(
            actor=self.request.user, evidence=obj, is_public=self.request.POST.get("public") == "1"
        )

    def get_success_url(self):
        return self.object.report.get_absolute_url()


class EvidenceRemoveView(EvidenceScopedMixin, ScopedObjectActionView):
    permission = Perm.REPORT_PROGRESS

    def may_act_on(self, obj) -> bool:
        return may_edit(self.request.user, obj.report)

    def perform(self, obj):
        services.evidence_remove(actor=self.request.user, evidence=obj)

    def get_success_url(self):
        return self.object.report.get_absolute_url()


class InboxView(LoginRequiredMixin, ListView):
    """The signed-in user's messages: reminders and review results (only their own)."""

    template_name = "progress/inbox.html"
    paginate_by = 30

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user).select_related("task")


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one of the user's messages read and go to what it is about."""

    def get(self, request, pk):
        note = Notification.objects.filter(user=request.user, pk=pk).first()
        if note is None:
            raise Http404
        services.notification_read(user=request.user, note=note)
        safe = url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()})
        return redirect(note.url if note.url and safe else "progress:inbox")
