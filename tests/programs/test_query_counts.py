"""Ledger, task and report pages cost the same whatever the number of tasks and reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Assignment, Target, Task
from gongzhi.progress.jobs import ledger_rows
from gongzhi.progress.models import Report, ReviewEvent


def _grow(program, user, n):
    """n more city tasks, each with a target, two responsible units and two reviewed reports."""
    civil, street = Unit.objects.get(name="市民政局"), Unit.objects.get(name="雒城街道")
    start = Task.objects.filter(program=program).count() + 100
    for number in range(start, start + n):
        task = Task.objects.create(
            program=program, kind="city", number=number, text=f"任务{number}", due="2024-06-30"
        )
        Assignment.objects.create(task=task, unit=civil, role="lead")
        Assignment.objects.create(task=task, unit=street, role="co")
        Target.objects.create(task=task, name="指标", comparator=">=", value=1)
        for unit in (civil, street):
            report = Report.objects.create(
                task=task,
                unit=unit,
                author=user,
                text="进展",
                state="approved",
                claims_completion=True,
            )
            ReviewEvent.objects.create(
                report=report,
                action="approve",
                actor=user,
                actor_unit=civil,
                from_state="pending",
                to_state="approved",
                stage=0,
                comment="同意",
            )


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


PAGES = {"progress:program-detail": 12}  # the cockpit: tests/test_query_counts.py


@pytest.mark.parametrize(("name", "pinned"), sorted(PAGES.items()))
def test_program_pages_do_not_grow(client, demo, demo_users, name, pinned):
    office = demo_users["office"]
    client.force_login(office)
    url = reverse(name, args=[demo.pk])
    _queries(client, url)
    _grow(demo, office, 2)
    small = _queries(client, url)
    _grow(demo, office, 10)
    large = _queries(client, url)
    assert small == large
    assert large == pinned, f"{name} now takes {large} queries"


def test_task_page_does_not_grow_with_reports(client, demo, demo_users, item4):
    office = demo_users["office"]
    client.force_login(office)
    url = reverse("progress:task-detail", args=[item4.pk])
    xicheng = Unit.objects.get(name="西城社区")
    Report.objects.create(task=item4, unit=xicheng, author=office, text="x", state="pending")
    _queries(client, url)  # the first request after login records the session's activity
    before = _queries(client, url)
    for _ in range(5):
        Report.objects.create(task=item4, unit=xicheng, author=office, text="x", state="pending")
    assert _queries(client, url) == before


def test_ledger_export_rows_do_not_grow(demo, demo_users):
    office = demo_users["office"]

    def count():
        with CaptureQueriesContext(connection) as captured:
            ledger_rows(office, demo)
        return len(captured)

    count()  # warm the caches Django fills on first use
    _grow(demo, office, 2)
    small = count()
    _grow(demo, office, 10)
    assert count() == small
