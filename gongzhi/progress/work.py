"""The progress to-dos (我的待办): tasks my units must report on, reports sent back to my units,
and reports waiting for my review. Registered with `core.work` by the app's ready()."""

import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.roles import Perm
from gongzhi.core.templatetags.gz import with_prefix
from gongzhi.core.work import (
    SOON_DAYS,
    Urgency,
    WorkItem,
    WorkList,
    capped,
    register_work_source,
    seats,
    urgency_of,
)
from gongzhi.programs.models import Assignment, Task
from gongzhi.progress.chain import awaiting_review_filter
from gongzhi.progress.ledger import with_status
from gongzhi.progress.models import Report


def open_tasks(user, units, today):
    """Tasks assigned to `units` (lead or co) that are not done, whose unit has nothing in hand
    (no report under review, sent back or approved as complete), and that are overdue, due
    within `SOON_DAYS`, or never reported by the unit."""
    mine = Assignment.objects.filter(task=OuterRef("pk"), unit_id__in=units)
    own_reports = Report.objects.filter(task=OuterRef("pk"), unit_id__in=units)
    in_hand = own_reports.filter(
        Q(state__in=[Report.State.PENDING, Report.State.RETURNED])
        | Q(state=Report.State.APPROVED, claims_completion=True)
    )
    reported = own_reports.exclude(state=Report.State.DRAFT)
    return (
        with_status(Task.objects.visible_to(user))
        .filter(Exists(mine))
        .exclude(gz_leads__gt=0, gz_leads_done__gte=F("gz_leads"))
        .exclude(Exists(in_hand))
        .filter(Q(due__lte=today + datetime.timedelta(days=SOON_DAYS)) | ~Exists(reported))
        .order_by("due", "pk")
    )


def _units_text(assignments) -> str:
    return _("、").join(
        _("%(unit)s（%(role)s）") % {"unit": a.unit.name, "role": a.get_role_display()}
        for a in assignments
    )


def my_tasks(user, access, today) -> WorkList:
    units = seats(access, Perm.REPORT_PROGRESS)
    if not units:
        return WorkList()
    mine = Assignment.objects.filter(unit_id__in=units).select_related("unit")
    tasks = (
        open_tasks(user, units, today)
        .select_related("pilot__community")
        .prefetch_related(Prefetch("assignments", queryset=mine, to_attr="gz_mine"))
    )

    def entry(task):
        urgency = urgency_of(task.due, today)
        detail = _("截止 %(due)s · %(units)s") % {
            "due": f"{task.due:%Y-%m-%d}",
            "units": _units_text(task.gz_mine),
        }
        if urgency == Urgency.WAITING:
            detail = _("尚未上报") + " · " + detail
        return WorkItem(
            title=task.label,
            url=task.get_absolute_url(),
            urgency=urgency,
            detail=detail,
            summary=task.short_text,
        )

    return capped(tasks, entry, more_url=reverse("programs:program-list"))


def my_tasks_queryset(user, access, today):
    units = seats(access, Perm.REPORT_PROGRESS)
    return open_tasks(user, units, today) if units else None


def returned_reports(user, units):
    return Report.objects.visible_to(user).filter(state=Report.State.RETURNED, unit_id__in=units)


def my_returned(user, access, today) -> WorkList:
    units = seats(access, Perm.REPORT_PROGRESS)
    if not units:
        return WorkList()
    reports = (
        returned_reports(user, units)
        .select_related("unit", "task__pilot__community")
        .order_by("task__due", "pk")
    )

    def entry(report):
        return WorkItem(
            title=report.task.label,
            summary=report.task.short_text,
            url=report.get_absolute_url(),
            urgency=urgency_of(report.task.due, today),
            detail=_("%(unit)s · 截止 %(due)s")
            % {
                "unit": report.unit.name,
                "due": f"{report.task.due:%Y-%m-%d}",
            },
        )

    return capped(reports, entry)


def my_returned_queryset(user, access, today):
    units = seats(access, Perm.REPORT_PROGRESS)
    return returned_reports(user, units) if units else None


def reports_to_review(user):
    return Report.objects.visible_to(user).filter(awaiting_review_filter(user))


def my_reviews(user, access, today) -> WorkList:
    if not seats(access, Perm.REVIEW_PROGRESS):
        return WorkList()
    reports = (
        reports_to_review(user)
        .select_related("unit", "task__pilot__community")
        .order_by("submitted_at", "pk")
    )

    def entry(report):
        submitted = f"{report.submitted_at:%Y-%m-%d}" if report.submitted_at else ""
        return WorkItem(
            title=with_prefix(report.task.label, report.unit.name),
            summary=report.task.short_text,
            url=report.get_absolute_url(),
            urgency=Urgency.WAITING,
            detail=_("提交于 %(date)s") % {"date": submitted},
        )

    return capped(reports, entry)


def my_reviews_queryset(user, access, today):
    return reports_to_review(user) if seats(access, Perm.REVIEW_PROGRESS) else None


def register() -> None:
    register_work_source(
        "progress.tasks", gettext_lazy("我负责的任务"), 10, my_tasks, my_tasks_queryset
    )
    register_work_source(
        "progress.returned", gettext_lazy("被退回的上报"), 20, my_returned, my_returned_queryset
    )
    register_work_source(
        "progress.review", gettext_lazy("待我审核的上报"), 30, my_reviews, my_reviews_queryset
    )
