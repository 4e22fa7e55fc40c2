"""The day programs are viewed at: today, or, in a demo, the fixed day GZ_DEMO_TODAY, so a
demo history written across a past program year reads as a program in progress.

Only what derives from "today" (statuses, due-soon, counts up to now, reminders) reads this
clock; timestamps of what people do stay real. Production refuses the setting (gongzhi.E002).
"""

import datetime

from django.conf import settings
from django.utils import timezone


def demo_today() -> datetime.date | None:
    value = settings.GZ_DEMO_TODAY
    return datetime.date.fromisoformat(value) if value else None


def today() -> datetime.date:
    return demo_today() or timezone.localdate()


def now() -> datetime.datetime:
    """This moment, moved to the demo day when there is one (the time of day kept)."""
    current = timezone.localtime()
    day = demo_today()
    return current.replace(year=day.year, month=day.month, day=day.day) if day else current
