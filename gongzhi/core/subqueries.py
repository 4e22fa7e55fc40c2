"""Figures of a list's rows computed per row, after the page is cut: a page counts for its own
rows only, and neither its query nor its paginator's count groups the whole list."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_per_row(children, link: str):
    """How many of `children` point at the outer row through `link` (0 for none)."""
    counted = (
        children.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)
