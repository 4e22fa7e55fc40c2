"""Validators every model uses for what people type: dates, datetimes and years within the
years the platform can mean (2000–2100), amounts and counts that cannot be negative, and names
that are more than invisible characters."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from gongzhi.core.normalize import has_visible_text

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)


def _bounds_params():
    return {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}


def date_in_range(value) -> None:
    """A date (or the local date of a datetime) between 2000-01-01 and 2100-12-31."""
    if value is None:
        return
    # compare calendar dates, never aware datetimes: year 1 in UTC+8 overflows on conversion
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("日期应在 %(first)s 至 %(last)s 之间。"), code="date_range", params=_bounds_params()
        )


def year_in_range(value) -> None:
    """A year between 2000 and 2100."""
    if value is None:
        return
    if not FIRST_DAY.year <= value <= LAST_DAY.year:
        raise ValidationError(
            _("年度应在 %(first)d 至 %(last)d 之间。"),
            code="year_range",
            params={"first": FIRST_DAY.year, "last": LAST_DAY.year},
        )


def visible_name(value) -> None:
    """A name must show something: not only spaces, zero-width or control characters."""
    if value and not has_visible_text(value):
        raise ValidationError(_("名称不能只有空格或不可见字符。"), code="invisible")


# Amounts, hours and counts: a bound the form shows and a CheckConstraint the database keeps.
not_negative = MinValueValidator(0, message=_("不能为负数。"))
DATE_BOUNDS = (date_in_range,)
YEAR_BOUNDS = (year_in_range,)
