"""Every date, datetime and year people enter has bounds; every database rule speaks Chinese."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.core.validators import (
    FIRST_DAY,
    LAST_DAY,
    date_in_range,
    not_negative,
    year_in_range,
)

# Timestamps the system writes (never typed by a person), by model label and field name.
SYSTEM_TIMESTAMPS = {
    ("community.volunteerhours", "confirmed_at"),  # set by hours_confirm
    ("activities.decision", "closed_at"),  # set by decision_close
    ("progress.report", "submitted_at"),  # set by the review chain
    ("progress.report", "approved_at"),
    ("services.servicereport", "submitted_at"),  # set by the review chain
    ("services.servicereport", "approved_at"),
    ("supervision.supervisionreport", "submitted_at"),  # set by the review chain
    ("supervision.supervisionreport", "approved_at"),
    ("evaluation.round", "submitted_at"),  # set by the review chain
    ("evaluation.round", "approved_at"),
    ("supervision.rectification", "fixed_at"),  # set when the owner fixes it
    ("supervision.rectification", "closed_at"),  # set when the third party confirms it
    ("supervision.supervisionassignment", "ended_at"),  # set when the assignment is ended
    ("progress.notification", "read_at"),  # set when the message is opened
    ("core.job", "finished_at"),  # set by the job runner
    ("dashboards.summarystate", "built_at"),  # set when the summaries are rebuilt
    ("residents.need", "submitted_at"),  # set when the need is raised
    ("residents.need", "due"),  # worked out from the category's working days
    ("residents.need", "resolved_at"),  # set by the 办结 step
    ("residents.needevent", "at"),  # the time of each step
    ("residents.needmatch", "matched_at"),
    ("surveys.invitation", "used_at"),  # set when the code is answered with
    ("surveys.response", "submitted_at"),
    ("accounts.user", "last_login"),  # Django's own, set on log-in
    ("accounts.user", "date_joined"),  # Django's own, set on creation
}


def _gongzhi_models():
    return [model for model in apps.get_models() if model.__module__.startswith("gongzhi.")]


def _is_year(field):
    return isinstance(field, models.IntegerField) and (
        field.name == "year" or field.name.endswith("_year")
    )


def _user_entered(model, field):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    return field.editable and (model._meta.label_lower, field.name) not in SYSTEM_TIMESTAMPS


def test_every_entered_date_datetime_and_year_has_bounds():
    missing = []
    for model in _gongzhi_models():
        for field in model._meta.concrete_fields:
            if not _user_entered(model, field):
                continue
            if isinstance(field, models.DateField) and date_in_range not in field.validators:
                missing.append(f"{model._meta.label}.{field.name}")
            if _is_year(field) and year_in_range not in field.validators:
                missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, f"add DATE_BOUNDS / YEAR_BOUNDS (or list as a system timestamp): {missing}"


def test_the_exemption_list_names_real_fields():
    for label, name in SYSTEM_TIMESTAMPS:
        apps.get_model(label)._meta.get_field(name)


def test_every_check_constraint_has_a_chinese_message():
    """A violated rule must name the field in Chinese, never show the constraint's name."""
    bare = []
    for model in _gongzhi_models():
        for constraint in model._meta.constraints:
            custom = (
                constraint.violation_error_message != constraint.default_violation_error_message
            )
            plain_unique = isinstance(constraint, models.UniqueConstraint) and (
                constraint.fields and constraint.condition is None and not constraint.expressions
            )
            if not (custom or plain_unique):  # plain unique ones name their fields already
                bare.append(f"{model._meta.label}.{constraint.name}")
    assert not bare


MONEY_AND_COUNTS = [
    ("community.donation", "amount"),
    ("community.trainingrecord", "hours"),
    ("programs.target", "value"),
    ("progress.targetactual", "value"),
]


@pytest.mark.parametrize(("label", "name"), MONEY_AND_COUNTS)
def test_money_and_counts_cannot_be_negative(label, name):
    model = apps.get_model(label)
    assert not_negative in model._meta.get_field(name).validators
    checks = [c for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]
    assert any(name in str(c.condition) for c in checks), "and the database keeps the rule"


@given(st.dates())
def test_dates_are_accepted_exactly_within_bounds(day):
    if FIRST_DAY <= day <= LAST_DAY:
        date_in_range(day)
    else:
        with pytest.raises(ValidationError):
            date_in_range(day)


@given(st.datetimes(timezones=st.timezones()))
def test_aware_datetimes_are_bounded_by_their_own_calendar_day(moment):
    # year 1 or 9999 with any offset must give a message, never an OverflowError
    if FIRST_DAY <= moment.date() <= LAST_DAY:
        date_in_range(moment)
    else:
        with pytest.raises(ValidationError):
            date_in_range(moment)


@pytest.mark.parametrize(
    ("year", "ok"), [(1999, False), (2000, True), (2100, True), (99999, False)]
)
def test_years_within_bounds(year, ok):
    if ok:
        year_in_range(year)
    else:
        with pytest.raises(ValidationError, match="2000 至 2100"):
            year_in_range(year)


def test_the_bound_message_gives_the_range():
    with pytest.raises(ValidationError) as refused:
        date_in_range(datetime.date(2999, 1, 1))
    assert refused.value.messages == ["日期应在 2000-01-01 至 2100-12-31 之间。"]
