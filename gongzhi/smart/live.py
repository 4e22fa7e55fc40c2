"""The live list of open alarms: the fragment the alarm, map, home and pilot pages embed and
refresh by htmx polling (`smart:alarm-live`), for everything the user reaches or one unit."""

from django.urls import reverse
from django.utils.http import urlencode

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm
from gongzhi.smart.models import Alarm, ElevatorDevice

LIVE_SECONDS = 1  # how often the live list asks again (htmx polling; publish → screen p95 ≤ 2 s)
LIVE_ROWS = 30
PANEL_ROWS = 10  # what a unit's page shows; the full list is a link away


def open_alarms(user, unit=None):
    """The open alarms the user reads (under `unit` if given), newest first."""
    alarms = Alarm.objects.visible_to(user, Perm.VIEW_SMART).open()
    if unit is not None:
        alarms = alarms.filter(device__community__path__startswith=unit.path)
    return alarms.select_related("device__community", "responsible")


def live_context(alarms, *, unit=None, rows=LIVE_ROWS) -> dict:
    """What smart/alarm_live.html needs: the rows and how to ask for them again."""
    query = {key: value for key, value in (("unit", unit and unit.pk), ("rows", rows)) if value}
    return {
        "open_alarms": alarms[:rows],
        "live_seconds": LIVE_SECONDS,
        "live_url": f"{reverse('smart:alarm-live')}?{urlencode(query)}",
    }


def alarm_panel(user, unit=None, *, perm=Perm.VIEW_SMART) -> dict | None:
    """The panel of a unit's page (`unit` None: all the user reaches): the latest open alarms,
    refreshed live; None when the user lacks `perm` (the home asks for those who act on alarms)
    or there is no device there."""
    if not access_for(user).has_perm(perm):
        return None
    devices = ElevatorDevice.objects.visible_to(user, Perm.VIEW_SMART)
    if unit is not None:
        devices = devices.filter(community__path__startswith=unit.path)
    if not devices.exists():
        return None
    return live_context(open_alarms(user, unit), unit=unit, rows=PANEL_ROWS)
