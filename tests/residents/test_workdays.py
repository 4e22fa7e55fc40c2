"""Deadlines in working days, against a holiday calendar: hand-checked cases and properties."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gongzhi.residents.calendar import DEFAULT_FILE, read_holidays
from gongzhi.residents.workdays import WorkCalendar, add_working_days, working_days_between

D = datetime.date
NATIONAL = WorkCalendar(
    holidays=frozenset(h.date for h in read_holidays(DEFAULT_FILE) if not h.is_workday),
    workdays=frozenset(h.date for h in read_holidays(DEFAULT_FILE) if h.is_workday),
)


def test_weekends_do_not_count():
    friday = D(2024, 11, 22)
    assert add_working_days(friday, 1, WorkCalendar()) == D(2024, 11, 25)  # Monday
    assert add_working_days(friday, 3, WorkCalendar()) == D(2024, 11, 27)


def test_the_national_day_week_and_its_make_up_saturday():
    # raised on Friday 27 September 2024: Sunday 29 September is worked, 1–7 October are off
    raised = D(2024, 9, 27)
    assert add_working_days(raised, 1, NATIONAL) == D(2024, 9, 29)
    assert add_working_days(raised, 2, NATIONAL) == D(2024, 9, 30)
    assert add_working_days(raised, 3, NATIONAL) == D(2024, 10, 8)
    assert add_working_days(raised, 6, NATIONAL) == D(2024, 10, 11)
    assert add_working_days(raised, 7, NATIONAL) == D(2024, 10, 12)  # a Saturday worked


def test_spring_festival_2025():
    assert add_working_days(D(2025, 1, 27), 1, NATIONAL) == D(2025, 2, 5)


days = st.dates(min_value=D(2023, 12, 1), max_value=D(2026, 1, 31))
calendars = st.builds(
    WorkCalendar,
    holidays=st.frozensets(days, max_size=40),
    workdays=st.frozensets(days.filter(lambda d: d.weekday() >= 5), max_size=10),
)


@given(start=days, count=st.integers(min_value=0, max_value=30), calendar=calendars)
def test_the_deadline_is_exactly_that_many_working_days_later(start, count, calendar):
    due = add_working_days(start, count, calendar)
    assert due >= start
    assert working_days_between(start, due, calendar) == count
    if count:
        assert calendar.is_working_day(due)  # a deadline never falls on a day off


@given(start=days, count=st.integers(min_value=0, max_value=20), calendar=calendars)
def test_one_more_day_never_comes_earlier(start, count, calendar):
    assert add_working_days(start, count + 1, calendar) > add_working_days(start, count, calendar)


@given(start=days, count=st.integers(min_value=1, max_value=20), calendar=calendars)
def test_a_holiday_only_pushes_the_deadline_later(start, count, calendar):
    base = add_working_days(start, count, calendar)
    extra = WorkCalendar(holidays=calendar.holidays | {base}, workdays=calendar.workdays - {base})
    assert add_working_days(start, count, extra) > base
