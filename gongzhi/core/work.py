"""My to-dos (我的待办): work derived from the records, gathered from the sources apps register.

Core knows no reports, decisions or hours. Each app registers its sources in its
`AppConfig.ready` with `register_work_source`; `work_for(user)` runs them all for the home page
and `work_count(user)` adds up their totals for the navbar badge (every source's COUNT in one
query). Each source costs a fixed number of queries however many records there are: it lists at
most `LIMIT` entries and counts them all with one COUNT (`capped`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import connections

from gongzhi.core import clock
from gongzhi.core.access import access_for
from gongzhi.core.roles import ROLE_SPECS

LIMIT = 20  # entries a source lists; the rest are counted and reached through its "more" link
# A source's total is counted up to this many and then shown as "999+": a count stops early
# instead of reading every overdue record of a province on every page (the navbar's badge).
COUNT_CAP = 1000
SOON_DAYS = 14  # due within this many days is "due soon"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    WAITING = "waiting"


def urgency_of(due: datetime.date | None, today: datetime.date) -> Urgency:
    """Overdue once past its date, due soon within `SOON_DAYS`, otherwise waiting."""
    if due is not None and due < today:
        return Urgency.OVERDUE
    if due is not None and due <= today + datetime.timedelta(days=SOON_DAYS):
        return Urgency.DUE_SOON
    return Urgency.WAITING


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str  # where the work is done
    urgency: Urgency = Urgency.WAITING
    detail: str = ""  # e.g. the due date and the unit
    summary: str = ""  # what it is about, shown after the title (e.g. a task's text, cut short)


@dataclass
class WorkList:
    items: list[WorkItem] = field(default_factory=list)
    total: int = 0  # every entry, listed or not
    more_url: str = ""

    @property
    def more(self) -> int:
        return max(self.total - len(self.items), 0)

    @property
    def total_label(self) -> str:
        return count_label(self.total)


def count_label(total: int) -> str:
    """A count as a badge shows it: exact below COUNT_CAP, "999+" from there on."""
    return f"{COUNT_CAP - 1}+" if total >= COUNT_CAP else str(total)


# A source's entries for (user, access, today), and the queryset whose COUNT is its total (None
# when the user has none): the badge counts every source's queryset in one query.
ItemsFn = Callable[[object, object, datetime.date], WorkList]
CountFn = Callable[[object, object, datetime.date], object]


@dataclass(frozen=True)
class WorkSource:
    name: str
    label: str
    order: int
    items: ItemsFn
    count: CountFn | None = None


@dataclass
class WorkGroup:
    source: WorkSource
    work: WorkList

    @property
    def label(self):
        return self.source.label

    @property
    def name(self):
        return self.source.name


_sources: dict[str, WorkSource] = {}


def register_work_source(
    name: str, label, order: int, items: ItemsFn, count: CountFn | None = None
) -> WorkSource:
    """Add a source of to-dos. `items` lists them (capped, with the total); `count` returns the
    queryset of the same entries (or None), which the badge counts; without it the badge runs
    `items`. Both must describe the same entries, so the badge agrees with the list."""
    if name in _sources:
        raise ValueError(f"work source {name!r} is already registered")
    source = WorkSource(name=name, label=label, order=order, items=items, count=count)
    _sources[name] = source
    return source


def unregister_work_source(name: str) -> None:
    """Remove a source (for tests that register their own)."""
    _sources.pop(name, None)


def work_sources() -> list[WorkSource]:
    return sorted(_sources.values(), key=lambda source: (source.order, source.name))


def capped(queryset, entry: Callable, more_url: str = "", counted=None) -> WorkList:
    """At most `LIMIT` entries of `queryset` (one query) and its total up to COUNT_CAP (one COUNT,
    always, so the cost stays the same whether the list is short or full), counted over
    `counted` when the listed queryset is cut shorter (ScopedQuerySet.first_visible)."""
    rows = list(queryset[:LIMIT])
    total = (queryset if counted is None else counted).order_by()[:COUNT_CAP].count()
    return WorkList(items=[entry(row) for row in rows], total=total, more_url=more_url)


def work_for(user, today: datetime.date | None = None) -> list[WorkGroup]:
    """Every source's to-dos for the user, in the sources' order (sources with none left out).
    Computed once per user object, so once per request."""
    cached = getattr(user, "_gz_work", None)
    if cached is not None and today is None:
        return cached
    access = access_for(user)
    day = today or clock.today()
    groups = []
    for source in work_sources():
        work = source.items(user, access, day)
        if work.total:
            groups.append(WorkGroup(source=source, work=work))
    if today is None and user.is_authenticated:
        user._gz_work = groups
    return groups


def work_count(user) -> int:
    """How many to-dos the user has, for the navbar badge: the sum of what `work_for` lists when
    the page already listed them, else every source's COUNT in one query. Once per request."""
    cached = getattr(user, "_gz_work", None)
    if cached is not None:
        return sum(group.work.total for group in cached)
    counted = getattr(user, "_gz_work_count", None)
    if counted is not None:
        return counted
    access = access_for(user)
    today = clock.today()
    total, querysets = 0, []
    for source in work_sources():
        if source.count is None:
            total += source.items(user, access, today).total
            continue
        queryset = source.count(user, access, today)
        if queryset is not None:
            querysets.append(queryset)
    total += count_together(querysets)
    if user.is_authenticated:
        user._gz_work_count = total
    return total


def count_together(querysets) -> int:
    """The sum of the querysets' counts, each up to COUNT_CAP, in one query (one COUNT per
    queryset inside it)."""
    if not querysets:
        return 0
    parts, params = [], []
    for index, queryset in enumerate(querysets):
        sql, part_params = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql} LIMIT {COUNT_CAP}) gz_work_{index})")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        return cursor.fetchone()[0] or 0


def seats(access, perm) -> list[int]:
    """The units the user acts for (grants held there) through a role with `perm`."""
    return sorted(
        {grant.unit_id for grant in access.grants if perm in ROLE_SPECS[grant.role].perms}
    )
