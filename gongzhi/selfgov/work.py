"""The to-dos of 居民自治 (我的待办): a community's major matters waiting for their next step.
Registered with `core.work` by the app's ready()."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.roles import Perm
from gongzhi.core.work import Urgency, WorkItem, WorkList, capped, register_work_source, seats
from gongzhi.selfgov.models import Matter
from gongzhi.selfgov.models.matters import LAST_STEP


def open_matters(user, units):
    return Matter.objects.visible_to(user, Perm.MANAGE_SELFGOV).filter(
        unit_id__in=units, steps_done__lt=LAST_STEP
    )


def my_matters(user, access, today) -> WorkList:
    units = seats(access, Perm.MANAGE_SELFGOV)
    if not units:
        return WorkList()
    matters = open_matters(user, units).order_by("created_at", "pk")

    def entry(matter):
        return WorkItem(
            title=_("推进重大事项：%(title)s") % {"title": matter.title},
            url=matter.get_absolute_url(),
            urgency=Urgency.WAITING,
            detail=_("下一步：%(step)s") % {"step": matter.next_step.label},
        )

    return capped(matters, entry, more_url=reverse("selfgov:matter-list"))


def my_matters_queryset(user, access, today):
    units = seats(access, Perm.MANAGE_SELFGOV)
    return open_matters(user, units) if units else None


def register() -> None:
    register_work_source(
        "selfgov.matters",
        gettext_lazy("待推进的“四议两公开”事项"),
        60,
        my_matters,
        my_matters_queryset,
    )
