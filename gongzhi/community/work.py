"""The community to-dos (我的待办): volunteer hours waiting for my unit's confirmation, as their
organiser (the activity's unit, or the volunteer's community when no activity is named).
Registered with `core.work` by the app's ready()."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.community.models import VolunteerHours
from gongzhi.core.roles import Perm
from gongzhi.core.work import Urgency, WorkItem, WorkList, capped, register_work_source, seats


def hours_to_confirm(user, units):
    organised_by_me = Q(activity__isnull=False, activity__unit_id__in=units) | Q(
        activity__isnull=True, volunteer__unit_id__in=units
    )
    return VolunteerHours.objects.visible_to(user).filter(
        organised_by_me, confirmed_at__isnull=True, volunteer__deactivated_at__isnull=True
    )


def my_hours(user, access, today) -> WorkList:
    units = seats(access, Perm.MANAGE_ACTIVITIES)
    if not units:
        return WorkList()
    entries = (
        hours_to_confirm(user, units).select_related("volunteer", "activity").order_by("date", "pk")
    )

    def entry(hours):
        detail = _("%(date)s · %(hours)s 小时") % {
            "date": f"{hours.date:%Y-%m-%d}",
            "hours": hours.hours,
        }
        if hours.activity_id:
            detail += " · " + hours.activity.title
        return WorkItem(
            title=_("确认 %(name)s 的服务时长") % {"name": hours.volunteer.name},
            url=hours.volunteer.get_absolute_url(),
            urgency=Urgency.WAITING,
            detail=detail,
        )

    return capped(entries, entry, more_url=reverse("community:volunteer-list"))


def my_hours_queryset(user, access, today):
    units = seats(access, Perm.MANAGE_ACTIVITIES)
    return hours_to_confirm(user, units) if units else None


def register() -> None:
    register_work_source(
        "community.hours", gettext_lazy("待确认的志愿服务时长"), 50, my_hours, my_hours_queryset
    )
