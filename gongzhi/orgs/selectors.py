"""Reads over the unit tree used by more than one page."""

from django.db.models import Count

from gongzhi.core.access import access_for
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


def region_units_for(user, around_pk: int):
    """The units of the region around unit `around_pk`, for a user who works in that region
    or above it (who may pick among them: a need's handler, an activity's unit); else none."""
    around = Unit.objects.filter(pk=around_pk).first()
    if around is None:
        return Unit.objects.none()
    region = region_of(around).path
    access = access_for(user)
    paths = access.scope_paths()
    if access.is_superuser or any(p.startswith(region) or region.startswith(p) for p in paths):
        return region_units(around)
    return Unit.objects.none()


def same_region(first: Unit, second: Unit) -> bool:
    return first.path.startswith(region_of(second).path)
