"""Reads over the unit tree used by more than one page."""

from django.db.models import Count

from gongzhi.orgs.models import Unit


def ancestors_of(unit: Unit, visible) -> list[Unit]:
    """The unit's ancestors the viewer may see, top first, in one query."""
    return list(visible.filter(path__in=unit.ancestor_paths()).order_by("path"))


def counts_by_kind(units) -> dict[str, int]:
    """How many units of each kind a queryset holds."""
    rows = units.order_by().values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}
