"""A unit's figures (residents, households, area) for a year: its own, or its communities' sum."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.orgs.models import UnitStatistics


class Statistic(models.TextChoices):
    RESIDENTS = "residents", _("常住人口")
    HOUSEHOLDS = "households", _("户数")
    AREA = "area_km2", _("面积（平方公里）")


def _latest(rows) -> dict:
    """(key, value) rows ordered by key, newest year first → the first value of each key."""
    latest = {}
    for key, value in rows:
        latest.setdefault(key, value)
    return latest


def _recorded(name: str, year: int):
    """Rows holding the statistic in `year` or before, newest first for each unit."""
    return UnitStatistics.objects.filter(year__lte=year, **{f"{name}__isnull": False}).order_by(
        "unit_id", "-year"
    )


def statistic_values(units, name: str, year: int) -> dict[int, Decimal | None]:
    """Each unit's value of the statistic `name` for `year`: its own, from the latest year up to
    `year` that records it; failing that, the sum over the communities and villages in its subtree
    (each with its latest year up to `year`); None when nothing is recorded.
    At most three queries (the units, their own values, the communities'), however many units."""
    name = Statistic(name).value
    units = list(units)
    own = _latest(_recorded(name, year).filter(unit__in=units).values_list("unit_id", name))
    values: dict[int, Decimal | None] = {
        unit.pk: Decimal(own[unit.pk]) for unit in units if unit.pk in own
    }
    missing = [unit for unit in units if unit.pk not in own]
    if not missing:
        return values
    under = Q()
    for unit in missing:
        under |= Q(unit__path__startswith=unit.path)
    rows = (
        _recorded(name, year)
        .filter(under, unit__kind__in=COMMUNITY_KINDS)
        .values_list("unit__path", name)
    )
    communities = _latest(rows)
    for unit in missing:
        found = [value for path, value in communities.items() if path.startswith(unit.path)]
        values[unit.pk] = sum((Decimal(value) for value in found), Decimal(0)) if found else None
    return values
