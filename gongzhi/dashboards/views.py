from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.kinds import UnitKind
from gongzhi.core.roles import Perm
from gongzhi.core.uploads import serve_stored_file
from gongzhi.core.views import ScopedDetailView
from gongzhi.core.work import work_for
from gongzhi.dashboards.cockpit import chart_data
from gongzhi.dashboards.figures import summary_cockpit
from gongzhi.dashboards.pilot import (
    pilot_page,
    public_case_photos,
    public_cases_in,
    public_pilot_page,
)
from gongzhi.dashboards.project_record import project_record_docx
from gongzhi.dashboards.public import public_program_page
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import counts_by_kind
from gongzhi.programs.models import Pilot, Program
from gongzhi.progress.models import Evidence, Notification
from gongzhi.services.models import ServiceProject
from gongzhi.smart.live import alarm_panel

# What a role can start on when nothing waits for it: (url name, label, icon, permission).
START_LINKS = [
    ("programs:program-list", _("查看项目台账与任务进度"), "clipboard-check", Perm.VIEW_PROGRAMS),
    ("community:org-list", _("维护五社联动名录"), "people-fill", Perm.MANAGE_REGISTRIES),
    ("activities:activity-list", _("登记活动与会议"), "calendar-event", Perm.MANAGE_ACTIVITIES),
    ("community:volunteer-list", _("查看志愿者与服务时长"), "heart", Perm.VIEW_REGISTRIES),
    ("progress:counter-list", _("了解指标如何自动统计"), "calculator", Perm.VIEW_PROGRAMS),
    ("funds:ledger", _("查看资金台账"), "cash-coin", Perm.RECORD_DISBURSEMENTS),
]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class HomeView(LoginRequiredMixin, TemplateView):
    """Each role's start page: its to-dos (from every registered work source), its messages,
    its units and what it reaches."""

    template_name = "dashboards/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        access = access_for(user)
        units = Unit.objects.visible_to(user)
        reach = counts_by_kind(units)
        work = work_for(user)
        return super().get_context_data(
            grants=access.grants,
            reach=[
                (UnitKind(kind).label, reach[kind]) for kind in UnitKind.values if kind in reach
            ],
            next_level=self._next_level(access, units),
            programs=Program.objects.visible_to(user),
            work=work,
            work_total=sum(group.work.total for group in work),
            start_links=[] if work else self._start_links(access),
            unread=Notification.objects.filter(user=user, read_at__isnull=True)[:10],
            alarm_panel=alarm_panel(user, perm=Perm.HANDLE_ALARMS),
            **kwargs,
        )

    @staticmethod
    def _next_level(access, units):
        """The units one level under each grant's reach (a street's communities, …)."""
        condition = Q()
        for path in {grant.scope_path for grant in access.grants}:
            condition |= Q(path__startswith=path, depth=len(path) // Unit.steplen + 1)
        if not condition:
            return []
        return list(units.filter(condition, is_active=True)[:100])

    @staticmethod
    def _start_links(access):
        """With nothing to do: what this role can do today, as links."""
        return [
            (reverse(name), label, icon)
            for name, label, icon, perm in START_LINKS
            if access.has_perm(perm)
        ]


class CockpitView(ScopedDetailView):
    """Completion by phase, by unit, by community type; overdue and due soon; targets."""

    model = Program
    permission = Perm.VIEW_COCKPIT
    template_name = "dashboards/cockpit.html"

    def get_context_data(self, **kwargs):
        figures = summary_cockpit(self.object, self.request.user)
        return super().get_context_data(figures=figures, charts=chart_data(figures), **kwargs)


class PublicProgramView(TemplateView):
    """The public progress page: no login, only what reviewers marked public."""

    template_name = "dashboards/public_program.html"

    def get_context_data(self, **kwargs):
        program = get_object_or_404(
            Program.objects.dangerously_unscoped(
                reason="public page: only a program marked public is found, by its code"
            ),
            code=self.kwargs["code"],
            is_public=True,
        )
        return super().get_context_data(
            program=program,
            public_cases=public_cases_in(program.region),
            **public_program_page(program, self.request.GET),
            today=clock.today(),
            **kwargs,
        )


class PilotView(ScopedDetailView):
    """A pilot community on one page, for the office and the street at acceptance."""

    model = Pilot
    permission = Perm.VIEW_PROGRAMS
    template_name = "dashboards/pilot.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("program", "community", "street", "strand")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **pilot_page(self.object, self.request.user),
            today=clock.today(),
            can_archive=True,  # whoever reaches the community builds its archive
            alarm_panel=alarm_panel(self.request.user, self.object.community),
            **kwargs,
        )


class PublicPilotView(TemplateView):
    """The public page of a pilot community: what is marked public only."""

    template_name = "dashboards/public_pilot.html"

    def get_context_data(self, **kwargs):
        pilot = get_object_or_404(
            Pilot.objects.dangerously_unscoped(
                reason="public page: a pilot of a program marked public, by its code"
            ).select_related("program", "community", "street"),
            pk=self.kwargs["pk"],
            program__code=self.kwargs["code"],
            program__is_public=True,
        )
        return super().get_context_data(
            pilot=pilot,
            program=pilot.program,
            today=clock.today(),
            **public_pilot_page(pilot),
            **kwargs,
        )


def public_case_photo(request, pk):
    """A photo thumbnail of a case the office or street made public."""
    photo = public_case_photos().filter(pk=pk).first()
    if photo is None:
        raise Http404
    return serve_stored_file(photo, thumbnail=True)


def public_evidence(request, pk):
    """A public evidence thumbnail (or image), if a reviewer marked it public."""
    evidence = (
        Evidence.objects.public().filter(pk=pk, report__task__program__is_public=True).first()
    )
    if evidence is None:
        raise Http404
    return serve_stored_file(evidence, thumbnail=True)


def healthz(request):
    """Liveness for the load balancer: the app answers and reaches its database."""
    Unit.objects.exists()
    return JsonResponse({"status": "ok"})


class ProjectRecordView(ScopedDetailView):
    """A service project's record as a Word file for the archive; the download is audited."""

    model = ServiceProject
    permission = Perm.VIEW_SERVICES

    def narrow_queryset(self, queryset):
        return queryset.select_related("buyer", "agency")

    def get(self, request, *args, **kwargs):
        project = self.get_object()
        name = _("%(title)s-项目档案") % {"title": project.title}
        filename = f"{name}-{timezone.localdate():%Y-%m-%d}.docx"
        audit_record(actor=request.user, action=Action.EXPORT, obj=project, message=filename)
        response = HttpResponse(project_record_docx(project), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response
