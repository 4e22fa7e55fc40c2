"""The alarm to-dos (我的待办): the open alarms a unit must handle now, i.e. those it is
responsible for (its community's, or escalated to it); new ones first, as overdue."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.roles import Perm
from gongzhi.core.work import Urgency, WorkItem, WorkList, capped, register_work_source, seats
from gongzhi.smart.models import Alarm


def _alarms_to_handle(user, access, today):
    units = seats(access, Perm.HANDLE_ALARMS)
    if not units:
        return None
    return Alarm.objects.visible_to(user).open().filter(responsible_id__in=units)


def _entry(alarm):
    new = alarm.state == Alarm.State.NEW
    received = f"{timezone.localtime(alarm.received_at):%Y-%m-%d %H:%M}"
    return WorkItem(
        title=f"{alarm.device.community.name} · {alarm.device} · {alarm.get_fault_display()}",
        url=alarm.get_absolute_url(),
        urgency=Urgency.OVERDUE if new else Urgency.DUE_SOON,
        detail=_("%(state)s，%(time)s 接收")
        % {"state": alarm.get_state_display(), "time": received},
    )


def _items(user, access, today):
    alarms = _alarms_to_handle(user, access, today)
    if alarms is None:
        return WorkList()
    alarms = alarms.select_related("device__community").order_by("state", "received_at", "pk")
    return capped(alarms, _entry)


def register() -> None:
    register_work_source("smart.alarms", gettext_lazy("电梯告警"), 8, _items, _alarms_to_handle)
