"""The cockpit and the public progress page at scale.

Run with `make bench` (not part of `make test`). Two programs are built in bulk in this run:
N communities × 10 work items each (N = GZ_BENCH_COMMUNITIES, default 2,000) and ten times that.
Goals: the cockpit's figures, read from the summaries, take at most 1/20 of a raw aggregate
scan of the same tasks (their statuses in one query) at 10× (at 1× the scan is still small);
they and the public page take about the same time at 10× the data as at 1× (at most 1.5×);
the public page's size does not grow. The whole cockpit page is timed too (it includes the
navigation bar's to-do count, which is not the cockpit's).
"""

import datetime
import os
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from gongzhi.core import clock
from gongzhi.dashboards.figures import summary_cockpit
from gongzhi.dashboards.summaries import rebuild
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Assignment, Pilot, Program, Task
from gongzhi.progress.ledger import task_status, with_status
from gongzhi.progress.models import Report
from tests.conftest import make_user
from tests.programs.test_counters_bulk import _step

COMMUNITIES = int(os.environ.get("GZ_BENCH_COMMUNITIES", "2000"))
ITEMS = 10
PER_STREET = 100
BATCH = 2000


def _units(region, communities: int) -> list[Unit]:
    streets = [
        Unit.objects.add_unit(region, name=f"第{s}街道", kind="street")
        for s in range(max(1, communities // PER_STREET))
    ]
    Unit.objects.bulk_create(
        (
            Unit(
                path=streets[n % len(streets)].path + _step(n // len(streets) + 1),
                depth=3,
                name=f"第{n}社区",
                kind="community",
            )
            for n in range(communities)
        ),
        batch_size=BATCH,
    )
    return list(Unit.objects.filter(path__startswith=region.path, depth=3).order_by("path"))


def build(code: str, communities: int) -> tuple[Program, object]:
    """A program of `communities` pilot communities with ITEMS items each, their lead units,
    and reports: a third of the items approved as done, a fifth waiting for review."""
    region = Unit.objects.add_unit(None, name=f"{code}市", kind="county")
    program = Program.objects.create(
        code=code, name=f"{code}项目", year=2024, region=region, office_unit=region
    )
    units = _units(region, communities)
    streets = {unit.path: unit for unit in Unit.objects.filter(path__startswith=region.path)}
    Pilot.objects.bulk_create(
        (
            Pilot(
                program=program,
                community=unit,
                street=streets[unit.path[:8]],
                type_name=["便民服务型", "平安和谐型", "智慧科技型"][n % 3],
                due=datetime.date(2024, 12, 31),
                order=n % 30000,
            )
            for n, unit in enumerate(units)
        ),
        batch_size=BATCH,
    )
    today = clock.today()
    pilots = list(Pilot.objects.filter(program=program).select_related("community"))
    Task.objects.bulk_create(
        (
            Task(
                program=program,
                kind="pilot_item",
                pilot=pilot,
                number=k + 1,
                text=f"建设任务{k + 1}",
                due=today + datetime.timedelta(days=(n * ITEMS + k) % 90 - 30),
            )
            for n, pilot in enumerate(pilots)
            for k in range(ITEMS)
        ),
        batch_size=BATCH,
    )
    tasks = list(Task.objects.filter(program=program).values_list("pk", "pilot__community_id"))
    Assignment.objects.bulk_create(
        (Assignment(task_id=pk, unit_id=unit, role="lead") for pk, unit in tasks),
        batch_size=BATCH,
    )
    author = make_user(f"{code}-office", "program_office", region)
    Report.objects.bulk_create(
        (
            Report(
                task_id=pk,
                unit_id=unit,
                author=author,
                text="进展",
                state="approved" if n % 3 == 0 else "pending",
                claims_completion=True,
            )
            for n, (pk, unit) in enumerate(tasks)
            if n % 3 == 0 or n % 5 == 1
        ),
        batch_size=BATCH,
    )
    return program, author


def median_time(action, runs: int = 5) -> float:
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def raw_scan(program) -> dict:
    """What the cockpit shows, counted straight from the tasks and reports in one query."""
    counts = {}
    today = clock.today()
    for task in with_status(Task.objects.filter(program=program)).only("pk", "due").iterator():
        status = task_status(task, today)
        counts[status] = counts.get(status, 0) + 1
    return counts


def _page(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def measure(code: str, communities: int) -> dict:
    start = time.perf_counter()
    program, office = build(code, communities)
    built = time.perf_counter() - start
    start = time.perf_counter()
    rebuild(program)
    rebuilt = time.perf_counter() - start
    program.is_public = True
    program.save(update_fields=["is_public"])
    client = Client()
    client.force_login(office)
    cockpit_url = reverse("dashboards:cockpit", args=[program.pk])
    public_url = reverse("dashboards:public-program", args=[program.code])
    _page(client, cockpit_url)
    anonymous = Client()
    scan = raw_scan(program)
    return {
        "tasks": communities * ITEMS,
        "build": built,
        "rebuild": rebuilt,
        "scan": median_time(lambda: raw_scan(program), runs=3),
        "figures": median_time(lambda: summary_cockpit(program, office)),
        "cockpit": median_time(lambda: _page(client, cockpit_url)),
        "public": median_time(lambda: _page(anonymous, public_url)),
        "public_bytes": len(_page(anonymous, public_url)),
        "cockpit_bytes": len(_page(client, cockpit_url)),
        "overdue": scan.get("overdue", 0),
    }


def _row(name, m) -> str:
    return (
        f"| {name} | {m['tasks']:,} | {m['rebuild']:.2f} s | {m['scan'] * 1000:.0f} ms | "
        f"{m['figures'] * 1000:.1f} ms | {m['cockpit'] * 1000:.0f} ms | "
        f"{m['cockpit_bytes'] / 1024:.0f} KB | "
        f"{m['public'] * 1000:.0f} ms | {m['public_bytes'] / 1024:.0f} KB |"
    )


@pytest.mark.django_db
def test_the_cockpit_reads_summaries_flat_at_ten_times_the_data():
    one = measure("bench-1x", COMMUNITIES)
    ten = measure("bench-10x", COMMUNITIES * 10)
    ratios = {
        "cockpit figures / scan (1×)": one["figures"] / one["scan"],
        "cockpit figures / scan (10×)": ten["figures"] / ten["scan"],
        "cockpit figures 10× / 1×": ten["figures"] / one["figures"],
        "cockpit page 10× / 1×": ten["cockpit"] / one["cockpit"],
        "public 10× / 1×": ten["public"] / one["public"],
        "public bytes 10× / 1×": ten["public_bytes"] / one["public_bytes"],
    }
    print()
    print(
        "| data | tasks | summary rebuild | raw scan | cockpit figures | cockpit page | size "
        "| public page | size |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(_row("1×", one))
    print(_row("10×", ten))
    for name, ratio in ratios.items():
        print(f"{name}: {ratio:.3f}")
    assert ratios["cockpit figures / scan (10×)"] <= 1 / 20  # the scan grows, the figures not
    assert ratios["cockpit figures 10× / 1×"] <= 1.5
    assert ratios["public 10× / 1×"] <= 1.5
    assert ratios["public bytes 10× / 1×"] <= 1.1
