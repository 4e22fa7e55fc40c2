"""Paging beyond a list view's own: a sub-list on a detail page, and keyset (cursor) paging
for lists too long to count or to skip through with OFFSET."""

import datetime
from dataclasses import dataclass

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.utils.functional import cached_property

# a list view counts its rows up to this many: beyond, "超过 10000 条" and no page past it
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts a queryset up to COUNT_CAP rows (COUNT over a LIMIT, unordered), so an office's
    list of 7 M volunteers costs what a list of 10,000 does (2.7 s → the time to read 10,001
    index entries). Past the cap `over_cap` is set and the pages past it are not offered: one
    narrows the list with its filters."""

    @cached_property
    def counted(self) -> int:
        rows = self.object_list
        if hasattr(rows, "order_by"):
            return rows.order_by().values("pk")[: COUNT_CAP + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self.counted, COUNT_CAP)

    @property
    def over_cap(self) -> bool:
        return self.counted > COUNT_CAP


def page_context(request, rows, per_page: int, *, count: int | None = None) -> dict:
    """`page_obj`, `is_paginated` and `paginator` for `rows` (a queryset) at the request's page,
    as a list view gives them to includes/pagination.html; a page out of range shows the last.
    `count`, when the caller has counted the rows already, spares the paginator's count."""
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count  # a cached property: set, it is not computed
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        page = paginator.page(paginator.num_pages)
    return {"page_obj": page, "is_paginated": page.has_other_pages(), "paginator": paginator}


EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
ONE_MICROSECOND = datetime.timedelta(microseconds=1)


def encode_cursor(moment: datetime.datetime, pk: int) -> str:
    """A row's place in a (time, id) order, exact to the microsecond: “1734480000000000.42”."""
    return f"{(moment - EPOCH) // ONE_MICROSECOND}.{pk}"


def decode_cursor(value: str) -> tuple[datetime.datetime, int] | None:
    micros, _dot, pk = (value or "").partition(".")
    if not (micros.isdigit() and pk.isdigit()) or len(micros) > 18:
        return None
    return EPOCH + int(micros) * ONE_MICROSECOND, int(pk)


@dataclass
class CursorPage:
    """One page of a keyset-paged list: its rows and the query strings of the pages next to
    it (None when there is none). Nothing is counted."""

    object_list: list
    newer_query: str | None
    older_query: str | None

    def has_other_pages(self) -> bool:
        return bool(self.newer_query or self.older_query)


def cursor_page(request, queryset, per_page: int, *, field: str = "at") -> CursorPage:
    """The page of `queryset`, newest first by (`field`, id), that the request's `before`
    (older than a row) or `after` (newer than a row) cursor asks for; the first page without
    one. Each page reads per_page + 1 rows through the index, whatever its depth."""
    newest_first = queryset.order_by(f"-{field}", "-pk")
    after = decode_cursor(request.GET.get("after"))
    if after:
        moment, pk = after
        newer = Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk})
        rows = list(queryset.filter(newer).order_by(field, "pk")[: per_page + 1])[::-1]
        if len(rows) > per_page:
            return _page(request, rows[1:], field, newer=True, older=True)
        # fewer than a page is newer: the first page
    before = None if after else decode_cursor(request.GET.get("before"))
    if before:
        moment, pk = before
        older = Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})
        rows = list(newest_first.filter(older)[: per_page + 1])
        return _page(request, rows[:per_page], field, newer=True, older=len(rows) > per_page)
    rows = list(newest_first[: per_page + 1])
    return _page(request, rows[:per_page], field, newer=False, older=len(rows) > per_page)


def _page(request, rows, field, *, newer: bool, older: bool) -> CursorPage:
    def query(key, row):
        params = request.GET.copy()
        for name in ("after", "before", "page"):
            params.pop(name, None)
        params[key] = encode_cursor(getattr(row, field), row.pk)
        return params.urlencode()

    return CursorPage(
        rows,
        newer_query=query("after", rows[0]) if newer and rows else None,
        older_query=query("before", rows[-1]) if older and rows else None,
    )


class CursorPaginationMixin:
    """For a ScopedListView whose list is too long to count: pages newest first by
    (`cursor_field`, id) with 较新/较早 links (includes/cursor_pagination.html), no COUNT(*)."""

    cursor_field = "at"

    def paginate_queryset(self, queryset, page_size):
        page = cursor_page(self.request, queryset, page_size, field=self.cursor_field)
        return None, page, page.object_list, page.has_other_pages()
