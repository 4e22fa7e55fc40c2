from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.forms import run_service
from gongzhi.core.review import ReviewState
from gongzhi.core.roles import Perm
from gongzhi.core.views import (
    ModelServiceFormMixin,
    ScopedDetailView,
    ScopedFormView,
    ScopedListView,
    ScopedObjectActionView,
    ScopedObjectFormView,
)
from gongzhi.core.views.drafts import after_save, submitting
from gongzhi.services import services
from gongzhi.services.chain import FLOW, stage_label
from gongzhi.services.filters import LogFilter, ProjectFilter
from gongzhi.services.forms import (
    DeliverableForm,
    FilesForm,
    LogForm,
    PlansForm,
    ProjectForm,
    ReportForm,
    ReviewForm,
    VenueForm,
)
from gongzhi.services.models import (
    AgreementFile,
    Deliverable,
    LogPhoto,
    ReportEvidence,
    ServiceLog,
    ServiceProject,
    ServiceReport,
)
from gongzhi.services.stats import deliverables_progress, report_statistics

RECENT_LOGS = 10


# --- projects ------------------------------------------------------------------------------------


class ProjectListView(ScopedListView):
    model = ServiceProject
    permission = Perm.VIEW_SERVICES
    template_name = "services/project_list.html"
    filterset_class = ProjectFilter
    paginate_by = 30

    def narrow_queryset(self, queryset):
        return queryset.select_related("buyer", "agency").order_by("-starts_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.access.has_perm(Perm.MANAGE_SERVICES),
            can_log=self.access.has_perm(Perm.LOG_SERVICES),
            **kwargs,
        )


class ProjectDetailView(ScopedDetailView):
    model = ServiceProject
    permission = Perm.VIEW_SERVICES
    template_name = "services/project_detail.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("program", "pilot__community", "buyer", "agency")

    def get_context_data(self, **kwargs):
        project, user = self.object, self.request.user
        reports = list(project.reports.all())
        written = {report.kind for report in reports}
        return super().get_context_data(
            progress=deliverables_progress(project),
            reports=reports,
            kinds_to_write=[k for k in ServiceReport.Kind if k not in written],
            agreement_files=project.agreement_files.all(),
            logs=project.logs.select_related("worker", "community")[:RECENT_LOGS],
            can_manage=services.may_manage(user, project),
            can_write=services.may_write_plans(user, project),
            can_log=services.may_log(user, project),
            **kwargs,
        )


class ProjectFormMixin(ModelServiceFormMixin):
    model = ServiceProject
    permission = Perm.MANAGE_SERVICES
    form_class = ProjectForm
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def save_instance(self, instance, form):
        if instance.pk is None:
            instance.created_by = self.request.user
        return services.project_save(actor=self.request.user, project=instance)


class ProjectCreateView(ProjectFormMixin, ScopedFormView):
    pass


class ProjectUpdateView(ProjectFormMixin, ScopedObjectFormView):
    pass


class ProjectPartView(ScopedObjectFormView):
    """A form on part of a project whose valid data goes to one service (`call`)."""

    model = ServiceProject
    template_name = "core/record_form.html"
    success_message = _("已保存。")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        form_model = getattr(getattr(self.form_class, "_meta", None), "model", None)
        if form_model is self.model:
            kwargs["instance"] = self.object
        return kwargs

    def call(self, data):
        raise NotImplementedError

    def form_valid(self, form):
        if run_service(form, lambda: self.call(form.cleaned_data)) is None:
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.object.get_absolute_url())


class PlansView(ProjectPartView):
    """The agency drafts the service plan and the implementation plan."""

    permission = Perm.REPORT_SERVICES
    form_class = PlansForm

    def may_act_on(self, obj) -> bool:
        return services.may_write_plans(self.request.user, obj)

    def call(self, data):
        return services.plans_update(actor=self.request.user, project=self.object, **data)


class VenueView(ProjectPartView):
    """The buyer adds the venue and equipment it provides."""

    permission = Perm.MANAGE_SERVICES
    form_class = VenueForm

    def call(self, data):
        return services.venue_update(actor=self.request.user, project=self.object, **data)


class AgreementAddView(ProjectPartView):
    permission = Perm.MANAGE_SERVICES
    form_class = FilesForm

    def call(self, data):
        return services.agreement_files_add(
            actor=self.request.user, project=self.object, files=data["files"]
        )


class DeliverableAddView(ProjectPartView):
    permission = Perm.MANAGE_SERVICES
    form_class = DeliverableForm

    def call(self, data):
        return services.deliverable_add(actor=self.request.user, project=self.object, **data)


class DeliverableRemoveView(ScopedObjectActionView):
    model = Deliverable
    permission = Perm.MANAGE_SERVICES

    def narrow_queryset(self, queryset):
        return queryset.select_related("project__buyer")

    def perform(self, obj):
        services.deliverable_remove(actor=self.request.user, deliverable=obj)
        messages.success(self.request, _("已删除。"))

    def get_success_url(self):
        return self.object.project.get_absolute_url()


class StoredFileView(ScopedDetailView):
    """A stored file (or its thumbnail), only within scope."""

    permission = Perm.VIEW_SERVICES
    thumbnail = False

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=self.thumbnail)


class AgreementFileView(StoredFileView):
    model = AgreementFile


# --- the service log -----------------------------------------------------------------------------


class LogListView(ScopedListView):
    model = ServiceLog
    permission = Perm.VIEW_SERVICES
    template_name = "services/log_list.html"
    filterset_class = LogFilter
    paginate_by = 30

    def narrow_queryset(self, queryset):
        return queryset.select_related("project", "worker", "community").order_by("-date", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_log=self.access.has_perm(Perm.LOG_SERVICES), **kwargs)


class LogCreateView(ScopedFormView):
    """The phone-first entry form of a service; `?project=` narrows it to one project."""

    permission = Perm.LOG_SERVICES
    form_class = LogForm
    template_name = "services/log_form.html"

    def projects(self):
        today = clock.today()
        projects = ServiceProject.objects.visible_to(self.request.user, Perm.LOG_SERVICES)
        projects = projects.filter(starts_on__lte=today).order_by("-starts_on", "pk")
        chosen = self.request.GET.get("project", "")
        return projects.filter(pk=chosen) if chosen.isdigit() else projects

    def get_initial(self):
        return {"date": clock.today(), "hours": 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "projects": self.projects()}

    def form_valid(self, form):
        log = form.save(commit=False)
        done = run_service(
            form,
            lambda: services.log_create(
                actor=self.request.user, log=log, files=form.cleaned_data["files"]
            ),
        )
        if done is None:
            return self.form_invalid(form)
        messages.success(self.request, _("服务记录已保存。"))
        return redirect(done.project.get_absolute_url())


class LogPhotoView(StoredFileView):
    model = LogPhoto


class LogPhotoThumbnailView(LogPhotoView):
    thumbnail = True


# --- the agency's reports ------------------------------------------------------------------------


class ReportCreateView(ScopedObjectFormView):
    model = ServiceProject
    permission = Perm.REPORT_SERVICES
    form_class = ReportForm
    template_name = "services/report_form.html"

    def may_act_on(self, obj) -> bool:
        return services.may_write_plans(self.request.user, obj)

    def get_initial(self):
        kind = self.request.GET.get("kind", "")
        start = self.object.starts_on
        end = min(clock.today(), self.object.ends_on)
        return {"kind": kind, "period_start": start, "period_end": max(end, start)}

    def form_valid(self, form):
        report = run_service(
            form,
            lambda: services.report_create(
                actor=self.request.user,
                project=self.object,
                submit=submitting(self.request),
                **form.cleaned_data,
            ),
        )
        return self.form_invalid(form) if report is None else after_save(self.request, report)


class ReportMixin:
    model = ServiceReport

    def narrow_queryset(self, queryset):
        return queryset.select_related(
            "project__program__office_unit", "project__buyer", "project__agency", "author"
        )


def timeline(report, stages):
    """Each stage of the stored chain with what it does and where the report stands there."""
    rows = []
    for stage in stages:
        if report.state == "approved" or (
            report.state == "pending" and stage.position < report.stage
        ):
            status = "done"
        elif report.state == "pending" and stage.position == report.stage:
            status = "current"
        else:
            status = "waiting"
        rows.append({"unit": stage.unit, "label": stage_label(stage.unit), "status": status})
    return rows


class ReportDetailView(ReportMixin, ScopedDetailView):
    permission = Perm.VIEW_SERVICES
    template_name = "services/report_detail.html"

    def get_context_data(self, **kwargs):
        report, user = self.object, self.request.user
        stages = list(report.stages.select_related("unit"))
        current = next((s.unit for s in stages if s.position == report.stage), None)
        reviewer = current if report.state == ReviewState.PENDING else None
        seated = reviewer is not None and self.access.sits_in(reviewer, Perm.REVIEW_SERVICES)
        refused = FLOW.refusal(user, report) if seated else None
        events = report.events.select_related("actor", "actor_unit")
        return super().get_context_data(
            project=report.project,
            statistics=report_statistics(report),
            stages=timeline(report, stages),
            events=events,
            evidence=report.evidence.all(),
            reviewer=reviewer,
            reviewer_label=stage_label(reviewer) if reviewer else "",
            opinion_needed=reviewer is not None and FLOW.needs_comment(report, reviewer),
            can_edit=FLOW.may_edit(user, report),
            can_review=seated and refused is None,
            review_refused=refused,
            **kwargs,
        )


class ReportUpdateView(ReportMixin, ScopedObjectFormView):
    permission = Perm.REPORT_SERVICES
    form_class = ReportForm
    template_name = "services/report_form.html"

    def may_act_on(self, obj) -> bool:
        return FLOW.may_edit(self.request.user, obj)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object, "editing": True}

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


class ReportSubmitView(ReportMixin, ScopedObjectActionView):
    permission = Perm.REPORT_SERVICES

    def may_act_on(self, obj) -> bool:
        return FLOW.may_edit(self.request.user, obj)

    def perform(self, obj):
        services.report_submit(actor=self.request.user, report=obj)
        messages.success(self.request, _("已提交。"))


class ReportReviewView(ReportMixin, ScopedObjectActionView):
    permission = Perm.REVIEW_SERVICES

    def may_act_on(self, obj) -> bool:
        return FLOW.may_review(self.request.user, obj)

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


class ReportEvidenceView(StoredFileView):
    model = ReportEvidence
