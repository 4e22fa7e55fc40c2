"""The residents' needs in 我的待办: needs my unit must act on (accept, match, resolve), soonest
deadline first; and, for the units above, needs overdue below them (督办)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.roles import Perm
from gongzhi.core.work import (
    COUNT_CAP,
    LIMIT,
    WorkItem,
    WorkList,
    capped,
    register_work_source,
    seats,
    urgency_of,
)
from gongzhi.residents.models import Need


def _entry(today):
    def entry(need):
        return WorkItem(
            title=f"{need.category.name} · {need.get_state_display()}",
            url=need.get_absolute_url(),
            urgency=urgency_of(need.due, today),
            summary=need.description[:60],
            detail=_("时限 %(due)s · %(community)s · 回执码 %(code)s")
            % {
                "due": f"{need.due:%Y-%m-%d}",
                "community": need.community.name,
                "code": need.receipt_code,
            },
        )

    return entry


def to_handle_queryset(user, access, today):
    units = seats(access, Perm.HANDLE_NEEDS)
    if not units:
        return None
    return Need.objects.filter(handler_id__in=units, state__in=Need.OPEN).visible_to(
        user, Perm.HANDLE_NEEDS
    )


def to_handle(user, access, today) -> WorkList:
    needs = to_handle_queryset(user, access, today)
    if needs is None:
        return WorkList()
    needs = needs.select_related("category", "community").order_by("due", "pk")
    return capped(needs, _entry(today))


def _overdue_below(user, access, today, count: int):
    units = seats(access, Perm.HANDLE_NEEDS)
    if not units:
        return None
    # the street's few communities at province, the office's whole city: one link at a time
    overdue = Need.objects.filter(state__in=Need.OPEN, due__lt=today).exclude(handler_id__in=units)
    return overdue.first_visible(user, Perm.HANDLE_NEEDS, ("due", "pk"), count)


def overdue_below_queryset(user, access, today):
    return _overdue_below(user, access, today, COUNT_CAP)


def overdue_below(user, access, today) -> WorkList:
    needs = _overdue_below(user, access, today, LIMIT)
    if needs is None:
        return WorkList()
    counted = overdue_below_queryset(user, access, today)
    return capped(needs.select_related("category", "community"), _entry(today), counted=counted)


def register() -> None:
    register_work_source(
        "residents.to_handle", gettext_lazy("居民诉求待办理"), 35, to_handle, to_handle_queryset
    )
    register_work_source(
        "residents.overdue_below",
        gettext_lazy("下级逾期诉求（督办）"),
        36,
        overdue_below,
        overdue_below_queryset,
    )
