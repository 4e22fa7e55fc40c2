"""Reads over the unit tree used by more than one page."""

from django.db.models import Count

from gongzhi.core.kinds import REGION_KINDS, UnitKind
from gongzhi.orgs.models import Unit


def ancestors_of(unit: Unit, visible) -> list[Unit]:
    """The unit's ancestors the viewer may see, top first, in one query."""
    return list(visible.filter(path__in=unit.ancestor_paths()).order_by("path"))


def counts_by_kind(units) -> dict[str, int]:
    """How many units of each kind a queryset holds."""
    rows = units.order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def agencies():
    """The social-work agencies that may run stations or incubate organisations."""
    return Unit.objects.filter(kind=UnitKind.AGENCY, is_active=True)


def region_of(unit: Unit) -> Unit:
    """The nearest administrative region holding the unit (the unit itself if it is one)."""
    paths = [*unit.ancestor_paths(), unit.path]
    region = Unit.objects.filter(path__in=paths, kind__in=REGION_KINDS).order_by("-depth").first()
    return region or unit


def region_units(unit: Unit):
    """Every unit in the same region as `unit`."""
    return Unit.objects.subtree_of(region_of(unit))


def same_region(first: Unit, second: Unit) -> bool:
    return first.path.startswith(region_of(second).path)
