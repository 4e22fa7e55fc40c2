"""The page sweep's machinery: which pages, on which database, and how each is measured.

A page is a GET route of the URL conf (as declared in tests/test_permission_matrix.py) that
shows a list or a record: forms, files, exports and streams are left out by name. A route with
arguments is measured on the first object the user is shown a link to (crawled from the pages
already fetched as that user), so every target is one the user can see in that database.
"""

import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import environ
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.utils import ConnectionHandler, OperationalError
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, path, resolve, reverse

from gongzhi import urls as project_urls
from gongzhi.orgs.models import Unit

# Route names whose last word marks a form, a file, an export or a stream, not a page to read.
NOT_PAGES = re.compile(
    r"(create|edit|add|import|export|template|file|thumb|qr|download|photo|password|otp|login|"
    r"logout|healthz|schema|docs|redoc|live|map-data|signin|answer|follow|public-need|preview|"
    r"plan|workbook|document|excel|print|prefill|reveal|token|evidence|defaults|deactivate|"
    r"restore)"
)
# Actions whose GET shows a form (or marks something read and redirects): not a list or record.
ACTIONS = {
    "community:checklist-mark",
    "community:hours-log",
    "exchange:confirm",
    "funds:allocate",
    "funds:disburse",
    "funds:entry-reverse",
    "funds:spend",
    "progress:notification-open",
    "residents:need-match",
    "residents:need-step",
    "selfgov:duty-adopt",
    "selfgov:step-record",
    "services:project-venue",
    "supervision:assign",
}


# --- the bare view: one query, a tiny template, the same middleware -------------------------


def bare_view(request, pk):
    unit = Unit.objects.only("name").get(pk=pk)
    return HttpResponse(f"<!doctype html><title>bench</title><p>{unit.name}</p>")


urlpatterns = [path("bench-bare/<int:pk>/", bare_view), *project_urls.urlpatterns]


# --- the pages -------------------------------------------------------------------------------


def page_routes() -> list[str]:
    from tests.test_permission_matrix import MATRIX

    return sorted(
        name
        for name, expect in MATRIX.items()
        if expect.method == "get"
        and name not in ACTIONS
        and not NOT_PAGES.search(name.split(":")[1])
    )


def route_takes_arguments(name: str) -> bool:
    try:
        reverse(name)
    except Exception:  # noqa: BLE001 (NoReverseMatch: it needs arguments)
        return True
    return False


# --- the databases ---------------------------------------------------------------------------


@dataclass
class Preset:
    name: str  # tiny, city
    url: str
    logins: list[str] = field(default_factory=list)


def preset_logins(preset: str) -> list[str]:
    """The office, the first street and the first community of the generated region."""
    from gongzhi.accounts.models import User

    users = User.objects.filter(username__startswith=f"{preset}-").order_by("username")
    names = list(users.values_list("username", flat=True))
    office = f"{preset}-office"
    street = next((n for n in names if n.startswith(f"{preset}-s")), None)
    community = next((n for n in names if n.startswith(f"{preset}-c")), None)
    if office not in names or not street or not community:
        return []
    return [office, street, community]


@contextmanager
def using_database(url: str):
    """Serve `default` from the database at `url` for the block; everything written inside it
    (sessions, last-login, audit of sign-ins) is rolled back, so a kept database stays as it was."""
    config = environ.Env.db_url_config(url)
    config["ATOMIC_REQUESTS"] = False
    if config["ENGINE"] == "django.db.backends.postgresql":  # planned as the site's connections
        config["OPTIONS"] = {"options": settings.GZ_PG_SESSION_OPTIONS}
    handler = ConnectionHandler({"default": config})
    wrapper, original = handler["default"], connections["default"]
    connections["default"] = wrapper
    cache.clear()
    try:
        with transaction.atomic():
            yield
            transaction.set_rollback(True)
    finally:
        wrapper.close()
        connections["default"] = original
        cache.clear()


def ready(preset: Preset) -> str:
    """'' once the preset's database answers and holds its generated accounts, else why not."""
    why = reachable(preset.url)
    if not why:
        with using_database(preset.url):
            preset.logins = preset_logins(preset.name)
        why = "" if preset.logins else f"no {preset.name}-office/-s…/-c… accounts in it"
    return why


def reachable(url: str) -> str:
    """'' when the database answers, else why not."""
    try:
        with using_database(url):
            connection.ensure_connection()
    except OperationalError as error:
        return str(error).strip().splitlines()[0]
    return ""


def generate(preset: str, url: str) -> None:
    """Create the database if absent and fill it with `generate_data` (this process's field key
    is in the environment, so the child encrypts with it)."""
    config = environ.Env.db_url_config(url)
    port = str(config["PORT"] or 5432)
    createdb = ["createdb", "-h", config["HOST"], "-p", port, "-U", config["USER"], config["NAME"]]
    subprocess.run(createdb, check=False, capture_output=True)  # already there: fine
    manage = str(settings.BASE_DIR / "manage.py")
    command = ["generate_data", "--preset", preset, "--database-url", url]
    subprocess.run([sys.executable, manage, *command], check=True)


# --- measuring -------------------------------------------------------------------------------

ROLES = ("office", "street", "community")
LINK = re.compile(r'href="(/[^"?#]*)')
NUMBERS = re.compile(r"\b\d+\b|'[^']*'")


@dataclass
class Sample:
    route: str
    role: str
    url: str
    status: int
    queries: list[dict]
    size: int
    rows: int
    page_s: float | None = None
    bare_s: float | None = None

    @property
    def count(self) -> int:
        return len(self.queries)

    @property
    def ratio(self) -> float | None:
        return self.bare_s / self.page_s if self.page_s and self.bare_s else None

    @property
    def sql_s(self) -> float:
        return sum(float(query["time"]) for query in self.queries)

    def slowest(self) -> dict | None:
        return max(self.queries, key=lambda query: float(query["time"]), default=None)

    def shapes(self) -> dict[str, int]:
        """How often each query runs, numbers and strings taken out."""
        counts: dict[str, int] = {}
        for query in self.queries:
            shape = NUMBERS.sub("?", query["sql"])
            counts[shape] = counts.get(shape, 0) + 1
        return counts


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _rows(response, body: bytes) -> int:
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        items = data.get("results", data) if isinstance(data, dict) else data
        return len(items) if isinstance(items, list) else 1
    return body.count(b"<tr") + body.count(b"<li")


def _links(response, body: bytes, route: str) -> list[tuple[str, dict]]:
    """(route, kwargs) of every page this one links to; an API list's first row gives the
    kwargs of the routes on one row of it."""
    if route.startswith("api:") and response.status_code == 200:
        data = response.json()
        items = data.get("results") if isinstance(data, dict) else data
        if isinstance(items, list) and items and isinstance(items[0], dict) and "id" in items[0]:
            return [(f"{route.rsplit('-', 1)[0]}-*", {"pk": items[0]["id"]})]
        return []
    found = []
    for href in LINK.findall(body.decode("utf-8", "replace")):
        try:
            match = resolve(href)
        except Resolver404:
            continue
        if match.kwargs:
            found.append((match.view_name, match.kwargs))
    return found


def _median_of(client, url: str, runs: int) -> float:
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        _body(client.get(url))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


class Visitor:
    """Fetches pages as one user; with `runs`, times each against the bare view (interleaved,
    so the machine's load falls on both alike)."""

    def __init__(self, client: Client, role: str, runs: int, bare_url: str):
        self.client, self.role, self.runs, self.bare_url = client, role, runs, bare_url

    def visit(self, route: str, kwargs: dict) -> tuple[Sample, list]:
        url = reverse(route, kwargs=kwargs or None)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)  # also the warm-up
            body = _body(response)
        sample = Sample(
            route,
            self.role,
            url,
            response.status_code,
            list(captured.captured_queries),
            len(body),
            _rows(response, body),
        )
        if self.runs and response.status_code == 200:
            pages, bares = [], []
            for _run in range(self.runs):
                bares.append(_median_of(self.client, self.bare_url, 1))
                pages.append(_median_of(self.client, url, 1))
            sample.page_s, sample.bare_s = statistics.median(pages), statistics.median(bares)
        return sample, _links(response, body, route)


def sweep(visitor: Visitor, routes: list[str]) -> dict[str, Sample]:
    """Every route reachable by this user: pages without arguments first, then every page one
    of them links to (breadth first), one target per route."""
    with_arguments = {name for name in routes if route_takes_arguments(name)}
    targets: dict[str, dict] = {}
    pending = [name for name in routes if name not in with_arguments]
    samples = {}
    while pending:
        route = pending.pop(0)
        sample, links = visitor.visit(route, targets.get(route, {}))
        samples[route] = sample
        for name, kwargs in links:
            names = (
                [n for n in with_arguments if n.startswith(name[:-1])]
                if name.endswith("-*")
                else [name]
            )
            for linked in names:
                if linked in with_arguments and linked not in targets:
                    targets[linked] = kwargs
                    pending.append(linked)
    return samples


def sweep_preset(preset: Preset, routes: list[str], runs: int) -> dict[tuple[str, str], Sample]:
    from gongzhi.accounts.models import User

    results = {}
    with using_database(preset.url):
        bare_url = f"/bench-bare/{Unit.objects.order_by('pk').values_list('pk', flat=True)[0]}/"
        for role, username in zip(ROLES, preset.logins, strict=True):
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(username=username))
            assert client.get(bare_url).status_code == 200, "the bare view does not answer"
            visitor = Visitor(client, role, runs, bare_url)
            started = time.perf_counter()
            samples = sweep(visitor, routes)
            results.update({(route, role): sample for route, sample in samples.items()})
            took = time.perf_counter() - started
            print(f"{preset.name} {role}: {len(samples)} pages in {took:.0f} s", flush=True)
    return results


# --- the report ------------------------------------------------------------------------------

GOAL = 0.2
REFUSED = (403, 404)  # the user may not see the page: nothing to measure
SECTION = "## 页面巡检（tiny → city）"


@dataclass
class Row:
    route: str
    role: str
    tiny: Sample | None
    city: Sample | None

    @property
    def counts_differ(self) -> bool:
        return bool(self.tiny and self.city and self.tiny.count != self.city.count)

    @property
    def slow(self) -> bool:
        ratio = self.city.ratio if self.city else None
        return ratio is not None and ratio < GOAL

    @property
    def failed(self) -> bool:
        return any(s and s.status >= 500 for s in (self.tiny, self.city))

    @property
    def missed(self) -> bool:
        return self.counts_differ or self.slow or self.failed


def _shown(sample: Sample | None) -> bool:
    return sample is not None and sample.status not in REFUSED


def rows_of(tiny: dict, city: dict) -> list[Row]:
    """One row per page and user that either database shows (refusals left out), worst first."""
    keys = [key for key in set(tiny) | set(city) if _shown(tiny.get(key)) or _shown(city.get(key))]
    keys.sort(key=lambda key: (city[key].ratio or 9) if key in city else 9)
    return [
        Row(route, role, tiny.get((route, role)), city.get((route, role))) for route, role in keys
    ]


def _ms(seconds: float | None) -> str:
    return f"{seconds * 1000:.0f}" if seconds is not None else "–"


def _ratio(sample: Sample | None) -> str:
    return f"{sample.ratio:.2f}" if sample and sample.ratio is not None else "–"


def _cell(row: Row) -> list[str]:
    t, c = row.tiny, row.city
    return [
        f"`{row.route}`",
        row.role,
        str(t.count) if t else "–",
        str(c.count) if c else "–",
        _ms(t.page_s) if t else "–",
        _ratio(t),
        _ms(c.page_s) if c else "–",
        _ms(c.bare_s) if c else "–",
        _ratio(c),
        f"{c.size / 1024:.0f}" if c else "–",
        str(c.rows) if c else "–",
        str(c.status) if c else str(t.status),
        "**miss**" if row.missed else "",
    ]


HEADER = [
    "page",
    "user",
    "queries tiny",
    "queries city",
    "tiny ms",
    "tiny ratio",
    "city ms",
    "bare ms",
    "city ratio",
    "KB",
    "rows",
    "status",
    "",
]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(_cell(row)) + " |" for row in rows]
    return "\n".join(lines)


def grown_query(row: Row) -> str:
    """The query that runs more often at city than at tiny (the per-row query)."""
    before, after = row.tiny.shapes(), row.city.shapes()
    shape, grown = max(((s, n - before.get(s, 0)) for s, n in after.items()), key=lambda x: x[1])
    return f"runs {before.get(shape, 0)}× at tiny, {after[shape]}× at city: `{shape[:160]}`"


def hint(row: Row) -> str:
    """Where the time goes, and what to do next."""
    c = row.city
    if row.failed:
        status = c.status if c else row.tiny.status
        return f"answers {status}: fix the error first (run the page on the database named)."
    parts = []
    if row.counts_differ:
        parts.append(
            f"queries {row.tiny.count} → {c.count}; {grown_query(row)} → select_related/"
            "prefetch or one aggregate, then pin the count"
        )
    if row.slow:
        slowest = c.slowest()
        sql_ms = c.sql_s * 1000
        parts.append(
            f"{_ms(c.page_s)} ms (bare {_ms(c.bare_s)} ms, {c.ratio:.2f}×), {c.count} "
            f"queries taking {sql_ms:.0f} ms, {c.size / 1024:.0f} KB, {c.rows} rows"
        )
        t = row.tiny
        growth = c.page_s / t.page_s if t and t.page_s else None
        if growth is not None and growth >= 2:
            parts.append(f"grows {growth:.0f}× from tiny ({_ms(t.page_s)} ms)")
        elif t and t.ratio is not None and t.ratio < GOAL:
            parts.append(
                f"already {t.ratio:.2f}× at tiny ({_ms(t.page_s)} ms, {t.count} queries): the "
                "cost is the page's frame, not the data → profile the view and base template"
            )
            return "; ".join(parts)
        if slowest and float(slowest["time"]) * 1000 > 0.3 * (c.page_s * 1000):
            parts.append(
                f"slowest query {float(slowest['time']) * 1000:.0f} ms: "
                f"`{slowest['sql'][:160]}` → an index, a bounded aggregate or a summary "
                "table; EXPLAIN ANALYZE it on gz_city"
            )
        elif c.rows > 100 or c.size > 200 * 1024:
            parts.append("rendering dominates → paginate (keyset) or bound what the page lists")
        else:
            parts.append("time is in Python → profile the view (cProfile) on gz_city")
    return "; ".join(parts)


def misses_text(rows: list[Row]) -> str:
    missed = [row for row in rows if row.missed]
    if not missed:
        return "No misses."
    return "\n".join(f"- `{row.route}` as {row.role}: {hint(row)}" for row in missed)


READING = (
    "Reading the table: *rows* counts `<tr>` and `<li>` in the HTML (the menu adds a "
    "fixed number) or the rows of an API answer; *bare ms* is the bare view timed beside "
    "the city page. Targets"
    " are picked in each database, so tiny and city may measure different objects: a count that"
    " falls at city (the API's task, item and target details) means the object differs, one "
    "that rises with the rows shown (the API's task, item and target lists as a street) is a "
    "query per row. At tiny most pages already cost 5–50 × the bare view: the frame (menu, "
    "counters, badges) dominates before the data does. Routes under *Not reached* had no link "
    "to follow: the generator writes no rows for them (stations, cases, service projects, "
    "supervision, surveys, evaluation, smart devices)."
)


def section(rows: list[Row], facts: str, unreached: list[str]) -> str:
    missed = sum(row.missed for row in rows)
    return (
        f"{SECTION}\n\n"
        "`tests/bench/test_page_sweep.py`: every GET list and detail page (routes of the URL conf "
        "minus forms, files, exports and streams), as the office, a street and a community; "
        "a route with arguments on the first object the user is shown a link to. Goal: ≥ "
        f"{GOAL} × the throughput of a bare view (one query by pk, a tiny page, the same "
        "middleware), timed in turn with each page; the same query count at tiny and city.\n\n"
        f"{facts}\n\n{READING}\n\n"
        f"### Misses ({missed} of {len(rows)} page × user)\n\n{misses_text(rows)}\n\n"
        "### Not reached\n\nRoutes no page linked to as any of the three users (no target "
        f"picked): {', '.join(f'`{name}`' for name in unreached) or 'none'}.\n\n"
        f"### All pages (worst ratio first)\n\n{table(rows)}\n"
    )


def write_section(path, text: str, heading: str = SECTION) -> None:
    """Replace the section under `heading` of docs/benchmarks.md (up to the next `## `), or
    append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = old.find(heading)
    if start < 0:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + text + (old[end:] if end >= 0 else "")
    path.write_text(new, encoding="utf-8")
