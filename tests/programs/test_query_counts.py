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


PAGES = {
    "progress:program-detail": 13
}  # + the page's count; the cockpit: tests/test_query_counts.py


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


def _bulk_city_tasks(program, n, start=1000, due="2024-06-30"):
    """n city tasks led by 市民政局, without reports."""
    tasks = Task.objects.bulk_create(
        Task(program=program, kind="city", number=start + i, text=f"批量任务{i}", due=due)
        for i in range(n)
    )
    civil = Unit.objects.get(name="市民政局")
    Assignment.objects.bulk_create(Assignment(task=t, unit=civil, role="lead") for t in tasks)


def test_the_ledger_shows_a_bounded_page_of_tasks(client, demo, demo_users):
    from gongzhi.progress.views.ledger import ProgramDetailView

    client.force_login(demo_users["office"])
    url = reverse("progress:program-detail", args=[demo.pk])
    per_page = ProgramDetailView.tasks_per_page
    total = Task.objects.filter(program=demo).count() + per_page + 5
    _bulk_city_tasks(demo, per_page + 5)
    page = client.get(url)
    shown = page.context["page_obj"].object_list
    assert len(shown) == per_page
    assert page.context["paginator"].count == total
    last = client.get(url, {"page": page.context["paginator"].num_pages})
    assert len(last.context["page_obj"].object_list) == total - per_page * (
        page.context["paginator"].num_pages - 1
    )


def test_the_ledger_filters_by_status_and_unit(client, demo, demo_users):
    client.force_login(demo_users["office"])
    url = reverse("progress:program-detail", args=[demo.pk])
    _bulk_city_tasks(demo, 3, due="2999-01-01")  # not started: no report, far from due
    page = client.get(url, {"status": "not_started"})
    rows = page.context["page_obj"].object_list
    assert {task.status for task in rows} == {"not_started"}
    assert {task.number for task in rows} >= {1000, 1001, 1002}
    overdue = client.get(url, {"status": "overdue"}).context["page_obj"].object_list
    assert overdue and {task.status for task in overdue} == {"overdue"}
    by_unit = client.get(url, {"q": "西城社区"}).context["page_obj"].object_list
    assert by_unit and all(
        task.pilot
        and task.pilot.community.name == "西城社区"
        or any(a.unit.name == "西城社区" for a in task.assignments.all())
        for task in by_unit
    )
    assert client.get(url, {"status": "nonsense"}).status_code == 400


def test_ledger_export_keeps_the_latest_report_without_building_reports(demo, demo_users):
    """The export's 最新进展 is the latest submitted report's text, its 佐证材料数 and 审核意见
    cover every submitted report; the database picks them, no Report is built per report."""
    from django.db.models.signals import pre_init

    office = demo_users["office"]
    _grow(demo, office, 1)
    task = Task.objects.get(program=demo, text__startswith="任务")
    civil = Unit.objects.get(name="市民政局")
    for day, text in ((3, "三日进展"), (9, "九日进展"), (5, "五日进展")):
        Report.objects.create(
            task=task,
            unit=civil,
            author=office,
            text=text,
            state="pending",
            submitted_at=f"2024-06-{day:02d}T08:00:00+08:00",
        )
    Report.objects.create(task=task, unit=civil, author=office, text="草稿", state="draft")
    built = []

    def count(sender, **kwargs):
        built.append(sender)

    pre_init.connect(count, sender=Report)
    try:
        rows = ledger_rows(office, demo)
    finally:
        pre_init.disconnect(count, sender=Report)
    assert built == []
    row = next(r for r in rows if r["任务内容"] == task.text)
    assert row["最新进展"] == "九日进展"
    assert row["审核意见"].split("\n") == ["市民政局：同意", "市民政局：同意"]
