"""Deadlines in working days: weekends and public holidays do not count, and the make-up
working days of a holiday arrangement (调休上班) do. Pure functions over a calendar."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[datetime.date] = field(default_factory=frozenset)
    workdays: frozenset[datetime.date] = field(default_factory=frozenset)  # weekend days worked

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


def add_working_days(start: datetime.date, days: int, calendar: WorkCalendar) -> datetime.date:
    """The day `days` working days after `start` (the day of `start` itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, calendar: WorkCalendar) -> int:
    """How many working days lie after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)
    return count
