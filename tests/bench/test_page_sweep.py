"""Every list and detail page, as the office, a street and a community, at tiny and city size.

Run with `make bench` on two generated PostgreSQL databases (GZ_BENCH_TINY_URL, default
gz_tiny; GZ_BENCH_CITY_URL, default gz_city; both from `manage.py generate_data` with the
test settings' field key). Missing databases skip this benchmark, or are generated when
GZ_BENCH_GENERATE=1. Goals (issue 18): each page ≥ 0.2 × the throughput of a bare one-query
view timed in the same run, and the same query count at tiny and city. Nothing is asserted per
page while measuring: the misses are collected, written to docs/benchmarks.md with a profile
hint each, and listed by the failure at the end. GZ_BENCH_SWEEP_RUNS sets the timed requests
per page (median; default 3, after one warm-up).
"""

import os
import platform
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from page_sweep import (
    Preset,
    generate,
    page_routes,
    ready,
    rows_of,
    section,
    sweep_preset,
    table,
    using_database,
    write_section,
)

BASE = "postgres://postgres@127.0.0.1:5432/"
PRESETS = [
    Preset("tiny", os.environ.get("GZ_BENCH_TINY_URL", BASE + "gz_tiny")),
    Preset("city", os.environ.get("GZ_BENCH_CITY_URL", BASE + "gz_city")),
]
RUNS = int(os.environ.get("GZ_BENCH_SWEEP_RUNS", "3"))
DOC = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


def _databases():
    for preset in PRESETS:
        why = ready(preset)
        if why and os.environ.get("GZ_BENCH_GENERATE") == "1":
            generate(preset.name, preset.url)
            why = ready(preset)
        if why:
            pytest.skip(
                f"page sweep: the {preset.name} database {preset.url} is not ready ({why}); "
                f"run `manage.py generate_data --preset {preset.name} --database-url URL` "
                "(or set GZ_BENCH_GENERATE=1, or GZ_BENCH_{TINY,CITY}_URL)"
            )


def _facts(seconds: float, routes: int) -> str:
    with using_database(PRESETS[1].url):
        version = connection.cursor().connection.info.server_version
    return (
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs ({platform.machine()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end), PostgreSQL {version // 10000}."
        f"{version % 10000}, Python {platform.python_version()}, through Django's test client "
        f"(the full middleware, no network); {RUNS} timed requests per page after one warm-up, "
        f"median; {routes} routes considered; the sweep took {seconds / 60:.1f} min. "
        f"Accounts: {', '.join(PRESETS[0].logins)} (tiny), {', '.join(PRESETS[1].logins)} (city)."
    )


def test_every_page_at_tiny_and_city(django_db_blocker, settings):
    settings.ROOT_URLCONF = "page_sweep"
    settings.DEBUG = False
    with django_db_blocker.unblock():
        _databases()
        started = time.perf_counter()
        routes = page_routes()
        tiny = sweep_preset(PRESETS[0], routes, runs=RUNS)
        city = sweep_preset(PRESETS[1], routes, runs=RUNS)
        rows = rows_of(tiny, city)
        reached = {route for route, _role in [*tiny, *city]}
        unreached = sorted(set(routes) - reached)
        facts = _facts(time.perf_counter() - started, len(routes))
    print("\n" + table(rows))
    write_section(DOC, section(rows, facts, unreached))
    assert rows, "the sweep measured no page"
    misses = [f"{row.route} as {row.role}" for row in rows if row.missed]
    assert not misses, f"{len(misses)} page × user miss the goals (see {DOC}):\n" + "\n".join(
        misses
    )
