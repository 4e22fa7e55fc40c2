"""The activities to-dos (我的待办): open meeting decisions my unit must carry out, overdue
ones first. Registered with `core.work` by the app's ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.activities.models import Decision
from gongzhi.core.roles import Perm
from gongzhi.core.work import WorkItem, WorkList, capped, register_work_source, seats, urgency_of


def open_decisions(user, units):
    return Decision.objects.visible_to(user).filter(owner_id__in=units, closed_at__isnull=True)


def my_decisions(user, access, today) -> WorkList:
    units = seats(access, Perm.VIEW_REGISTRIES)
    if not units:
        return WorkList()
    decisions = open_decisions(user, units).select_related("activity", "owner")
    decisions = decisions.order_by("due", "pk")  # the overdue ones come first

    def entry(decision):
        return WorkItem(
            title=decision.text,
            url=decision.activity.get_absolute_url(),
            urgency=urgency_of(decision.due, today),
            detail=_("截止 %(due)s · %(unit)s · %(activity)s")
            % {
                "due": f"{decision.due:%Y-%m-%d}",
                "unit": decision.owner.name,
                "activity": decision.activity.title,
            },
        )

    return capped(decisions, entry)


def my_decisions_queryset(user, access, today):
    units = seats(access, Perm.VIEW_REGISTRIES)
    return open_decisions(user, units) if units else None


def register() -> None:
    register_work_source(
        "activities.decisions",
        gettext_lazy("会议议定事项"),
        40,
        my_decisions,
        my_decisions_queryset,
    )
