"""The purchased-services to-dos (我的待办): for the agency, reports to write or resubmit; for
the agency and its social workers, projects under way with no service logged this week; for
the community, street and office, reports waiting for their decision. Registered with
`core.work` by the app's ready()."""

import datetime

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.review import EDITABLE_STATES, ReviewState
from gongzhi.core.roles import Perm
from gongzhi.core.work import Urgency, WorkItem, WorkList, capped, register_work_source, seats
from gongzhi.services.chain import FLOW
from gongzhi.services.models import ServiceLog, ServiceProject, ServiceReport


def _reports_to_write(user, access):
    units = seats(access, Perm.REPORT_SERVICES)
    if not units:
        return None
    return ServiceReport.objects.visible_to(user).filter(
        project__agency_id__in=units, state__in=EDITABLE_STATES
    )


def _report_entry(report, detail):
    return WorkItem(
        title=f"{report.project.title} · {report.get_kind_display()}",
        url=report.get_absolute_url(),
        urgency=Urgency.DUE_SOON if report.state == ReviewState.RETURNED else Urgency.WAITING,
        detail=detail,
    )


def reports_to_write(user, access, today) -> WorkList:
    reports = _reports_to_write(user, access)
    if reports is None:
        return WorkList()
    reports = reports.select_related("project").order_by("-state", "period_end", "pk")
    return capped(reports, lambda report: _report_entry(report, report.get_state_display()))


def _reports_to_review(user, access):
    if not seats(access, Perm.REVIEW_SERVICES):
        return None
    return ServiceReport.objects.visible_to(user).filter(FLOW.awaiting_filter(user))


def reports_to_review(user, access, today) -> WorkList:
    reports = _reports_to_review(user, access)
    if reports is None:
        return WorkList()
    reports = reports.select_related("project__agency").order_by("submitted_at", "pk")
    return capped(
        reports,
        lambda report: _report_entry(
            report, _("%(agency)s 提交，待您审核") % {"agency": report.project.agency.name}
        ),
    )


def week_start(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=today.weekday())


def _quiet_projects(user, access, today):
    units = seats(access, Perm.LOG_SERVICES)
    if not units:
        return None
    logged = ServiceLog.objects.filter(project=OuterRef("pk"), date__gte=week_start(today))
    return (
        ServiceProject.objects.visible_to(user)
        .filter(agency_id__in=units, starts_on__lte=today, ends_on__gte=today)
        .exclude(Exists(logged))
    )


def quiet_projects(user, access, today) -> WorkList:
    projects = _quiet_projects(user, access, today)
    if projects is None:
        return WorkList()

    def entry(project):
        return WorkItem(
            title=project.title,
            url=project.get_absolute_url(),
            detail=_("本周尚未填写服务记录"),
        )

    return capped(projects.order_by("ends_on", "pk"), entry)


def register() -> None:
    register_work_source(
        "services.reports_to_review",
        gettext_lazy("待审核的服务报告"),
        31,
        reports_to_review,
        lambda user, access, today: _reports_to_review(user, access),
    )
    register_work_source(
        "services.reports_to_write",
        gettext_lazy("待编写的服务报告"),
        32,
        reports_to_write,
        lambda user, access, today: _reports_to_write(user, access),
    )
    register_work_source(
        "services.quiet_projects",
        gettext_lazy("本周服务记录"),
        33,
        quiet_projects,
        _quiet_projects,
    )
