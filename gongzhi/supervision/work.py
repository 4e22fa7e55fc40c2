"""The supervision to-dos (我的待办): for the third party, its reports to write or resubmit and
the fixed rectification items to confirm; for the units that must fix an item, the open items;
for the street and the office, the third party's reports waiting for their decision."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.review import EDITABLE_STATES, ReviewState
from gongzhi.core.roles import Perm
from gongzhi.core.work import (
    Urgency,
    WorkItem,
    WorkList,
    capped,
    register_work_source,
    seats,
    urgency_of,
)
from gongzhi.supervision.chain import FLOW
from gongzhi.supervision.models import Rectification, SupervisionReport


def _report_entry(report, detail):
    return WorkItem(
        title=f"{report.project.title} · {report.get_kind_display()}",
        url=report.get_absolute_url(),
        urgency=Urgency.DUE_SOON if report.state == ReviewState.RETURNED else Urgency.WAITING,
        detail=detail,
    )


def _reports_to_write(user, access, today):
    units = seats(access, Perm.SUPERVISE)
    if not units:
        return None
    return SupervisionReport.objects.visible_to(user).filter(
        third_party_id__in=units, state__in=EDITABLE_STATES
    )


def _reports_to_review(user, access, today):
    if not seats(access, Perm.REVIEW_SUPERVISION):
        return None
    return SupervisionReport.objects.visible_to(user).filter(FLOW.awaiting_filter(user))


def _items_to_fix(user, access, today):
    units = seats(access, Perm.RECTIFY)
    if not units:
        return None
    return Rectification.objects.visible_to(user).filter(
        owner_id__in=units, state=Rectification.State.OPEN
    )


def _items_to_confirm(user, access, today):
    units = seats(access, Perm.SUPERVISE)
    if not units:
        return None
    return Rectification.objects.visible_to(user).filter(
        visit__third_party_id__in=units, state=Rectification.State.FIXED
    )


def _reports(count, detail):
    def items(user, access, today):
        reports = count(user, access, today)
        if reports is None:
            return WorkList()
        reports = reports.select_related("project", "third_party").order_by("updated_at", "pk")
        return capped(reports, lambda report: _report_entry(report, detail(report)))

    return items


def _items(count, detail):
    def items(user, access, today):
        rows = count(user, access, today)
        if rows is None:
            return WorkList()
        rows = rows.select_related("visit__project", "owner").order_by("due_on", "pk")

        def entry(item):
            return WorkItem(
                title=f"{item.visit.project.title} · {item}",
                url=item.get_absolute_url(),
                urgency=urgency_of(item.due_on, today),
                detail=detail(item),
            )

        return capped(rows, entry)

    return items


def register() -> None:
    sources = [
        (
            "supervision.reports_to_review",
            gettext_lazy("待审核的第三方报告"),
            _reports_to_review,
            _reports(
                _reports_to_review,
                lambda r: _("%(unit)s 提交，待您审核") % {"unit": r.third_party.name},
            ),
        ),
        (
            "supervision.reports_to_write",
            gettext_lazy("待编写的评估审计报告"),
            _reports_to_write,
            _reports(_reports_to_write, lambda r: r.get_state_display()),
        ),
        (
            "supervision.items_to_fix",
            gettext_lazy("待整改事项"),
            _items_to_fix,
            _items(_items_to_fix, lambda i: _("整改期限 %(date)s") % {"date": i.due_on}),
        ),
        (
            "supervision.items_to_confirm",
            gettext_lazy("待确认的整改"),
            _items_to_confirm,
            _items(
                _items_to_confirm, lambda i: _("%(unit)s 已整改，待确认") % {"unit": i.owner.name}
            ),
        ),
    ]
    for order, (name, label, count, items) in enumerate(sources, start=61):
        register_work_source(name, label, order, items, count)
