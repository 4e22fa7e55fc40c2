"""The cockpit's summaries equal a raw recount of the ledger after any sequence of changes, are
rebuilt by the worker once a change commits, and the cockpit reads them in a fixed number of
queries whatever the size of the program."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core import clock
from gongzhi.dashboards import summaries
from gongzhi.dashboards.cockpit import cockpit
from gongzhi.dashboards.figures import summary_cockpit
from gongzhi.dashboards.models import ProgramSummary, SummaryState
from gongzhi.dashboards.summaries import rebuild
from gongzhi.programs.models import Assignment, Phase, Target, Task
from gongzhi.progress.models import Report

_numbers = itertools.count(1)


def recount(program, tasks) -> dict:
    """The cockpit's figures counted live over `tasks` (a queryset), as comparable numbers."""
    figures = cockpit(program, tasks)
    return {
        "total": figures["overall"]["total"],
        "done": figures["overall"]["done"],
        "status": {key: figures["status_counts"].get(key, 0) for key in figures["status_counts"]},
        "overdue": len(figures["overdue"]),
        "due_soon": len(figures["due_soon"]),
        "phases": {str(p.pk): [c["done"], c["total"]] for p, c in figures["phases"] if c["total"]},
        "types": {name: [c["done"], c["total"]] for name, c in figures["types"]},
        "targets": [sum(bool(row.met) for row in figures["targets"]), len(figures["targets"])],
    }


def stored(program, unit) -> dict:
    """The same numbers as the summary table holds them (no rebuild on reading)."""
    row = ProgramSummary.objects.filter(program=program, unit=unit).first()
    if row is None:
        return recount(program, Task.objects.none())
    figures = row.figures
    return {
        "total": figures["total"],
        "done": figures["done"],
        "status": {key: n for key, n in figures["status"].items() if n},
        "overdue": figures["status"]["overdue"],
        "due_soon": figures["due_soon"],
        "phases": figures["phases"],
        "types": figures["types"],
        "targets": figures["targets"],
    }


def reached_by(unit):
    return Task.objects.filter(assignments__unit__path__startswith=unit.path).distinct()


def add_task(program, lead, co=None, *, due_in=10, target=False):
    task = Task.objects.create(
        program=program,
        kind="city",
        number=next(_numbers) % 30000,
        text="任务",
        due=clock.today() + datetime.timedelta(days=due_in),
    )
    Assignment.objects.create(task=task, unit=lead, role="lead")
    if co is not None:
        Assignment.objects.create(task=task, unit=co, role="co")
    if target:
        Target.objects.create(task=task, name="指标", comparator=">=", value=1)
    return task


def report(task, unit, author, state, *, completes=True):
    return Report.objects.create(
        task=task, unit=unit, author=author, text="进展", state=state, claims_completion=completes
    )


@pytest.fixture
def phases(program):
    start = clock.today() - datetime.timedelta(days=30)
    Phase.objects.create(
        program=program, order=1, name="准备", start=start - datetime.timedelta(60)
    )
    Phase.objects.create(program=program, order=2, name="实施", start=start)


# One change: (what, which task or unit by index, a number)
changes = st.lists(
    st.tuples(
        st.sampled_from(("add", "add_co", "submit", "approve", "return", "due", "draft")),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=-20, max_value=40),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes)
def test_the_summaries_equal_a_recount_after_any_changes(
    tree, program, phases, office, django_capture_on_commit_callbacks, steps
):
    Report.objects.filter(task__program=program).delete()
    Task.objects.filter(program=program).delete()
    units = [tree.civil, tree.street_a, tree.community_a1, tree.community_a2, tree.community_b1]
    for what, index, number in steps:
        tasks = list(Task.objects.filter(program=program).order_by("pk"))
        with django_capture_on_commit_callbacks(execute=True):  # the worker's job runs
            if what.startswith("add") or not tasks:
                co = units[(index + 1) % len(units)] if what == "add_co" else None
                add_task(program, units[index % len(units)], co, due_in=number, target=index % 2)
                continue
            task = tasks[index % len(tasks)]
            lead = task.assignments.filter(role="lead").first().unit
            if what == "due":
                task.due = clock.today() + datetime.timedelta(days=number)
                task.save()
            elif what in ("submit", "draft"):
                report(task, lead, office, "pending" if what == "submit" else "draft")
            else:
                found = Report.objects.filter(task=task, state="pending").first()
                if found:
                    found.state = "approved" if what == "approve" else "returned"
                    found.save()
        for unit in (None, tree.region, tree.street_a, tree.community_a1):
            tasks = reached_by(unit) if unit else Task.objects.all()
            assert stored(program, unit) == recount(program, tasks), (what, unit)


def test_a_change_marks_the_program_and_the_worker_rebuilds_once_it_commits(
    tree, program, office, django_capture_on_commit_callbacks
):
    task = add_task(program, tree.community_a1)
    rebuild(program)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report(task, tree.community_a1, office, "approved")
        report(task, tree.community_a1, office, "pending", completes=False)
    assert SummaryState.objects.get(program=program).dirty
    assert stored(program, None)["done"] == 0  # not rebuilt before the change commits
    for callback in callbacks:
        callback()
    state = SummaryState.objects.get(program=program)
    assert not state.dirty
    assert stored(program, None)["done"] == 1
    assert ProgramSummary.objects.get(program=program, unit=None).figures["reports_pending"] == 1


def test_a_small_program_out_of_date_is_rebuilt_when_read(tree, program, office):
    task = add_task(program, tree.community_a1)
    assert summary_cockpit(program, office)["overall"]["total"] == 1
    report(task, tree.community_a1, office, "approved")  # no commit: no worker
    assert summary_cockpit(program, office)["overall"]["done"] == 1


def test_a_large_program_out_of_date_is_read_as_built_and_left_to_the_worker(
    tree, program, office, settings, django_capture_on_commit_callbacks
):
    task = add_task(program, tree.community_a1)
    built = rebuild(program)
    settings.GZ_SUMMARY_INLINE_MAX_TASKS = 0
    report(task, tree.community_a1, office, "approved")
    with django_capture_on_commit_callbacks() as callbacks:
        figures = summary_cockpit(program, office)
    assert (figures["overall"]["done"], figures["built_at"]) == (0, built.built_at)
    assert len(callbacks) == 1  # the rebuild is queued


def test_a_new_day_makes_overdue_what_was_due_yesterday(tree, program, office, time_machine):
    time_machine.move_to(datetime.datetime(2024, 6, 1, 2, 0, tzinfo=datetime.UTC))
    add_task(program, tree.community_a1, due_in=0)
    assert summary_cockpit(program, office)["overdue_count"] == 0
    time_machine.shift(datetime.timedelta(days=1))
    assert summary_cockpit(program, office)["overdue_count"] == 1


def test_each_viewer_reads_the_row_of_the_units_it_reaches(
    tree, program, users, street_user, community_user
):
    add_task(program, tree.community_a1, tree.civil)
    add_task(program, tree.community_a2)
    add_task(program, tree.community_b1, target=True)
    for user, total in ((street_user, 2), (community_user, 1)):
        figures = summary_cockpit(program, user)
        assert figures["overall"]["total"] == total == Task.objects.visible_to(user).count()
        assert figures["targets"] == []  # the target is on a task the viewer does not see
    office = users["program_office"]  # reaches the whole region
    figures = summary_cockpit(program, office)
    assert figures["overall"]["total"] == 3 == Task.objects.visible_to(office).count()
    assert len(figures["targets"]) == 1


def test_a_viewer_with_separate_reaches_is_counted_live(tree, program, community_user):
    from gongzhi.accounts.models import RoleGrant

    RoleGrant.objects.create(user=community_user, role="community", unit=tree.community_b1)
    add_task(program, tree.community_a1)
    add_task(program, tree.community_b1)
    add_task(program, tree.community_a2)
    figures = summary_cockpit(program, community_user)
    assert (figures["overall"]["total"], figures["built_at"]) == (2, None)


def _cockpit_queries(client, program) -> int:
    rebuild(program)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:cockpit", args=[program.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_cockpit_reads_the_summaries_in_the_same_queries_at_ten_times_the_tasks(
    client, tree, program, phases
):
    from tests.conftest import make_user

    viewer = make_user("viewer", "program_office", tree.region)
    client.force_login(viewer)
    client.get(reverse("dashboards:cockpit", args=[program.pk]))
    communities = [tree.community_a1, tree.community_a2, tree.community_b1]
    for k in range(6):
        add_task(program, communities[k % 3], tree.civil, due_in=k * 7 - 20, target=True)
    small = _cockpit_queries(client, program)
    for k in range(60):
        add_task(program, communities[k % 3], tree.civil, due_in=k - 20, target=True)
    assert _cockpit_queries(client, program) == small
    page = client.get(reverse("dashboards:cockpit", args=[program.pk])).content.decode()
    assert "数据更新于" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the statistics are PostgreSQL's")
def test_a_large_rebuild_refreshes_the_planners_statistics_once_it_commits(
    tree, program, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(summaries, "ANALYZE_AFTER_ROWS", 3)  # a province writes 300,000 rows
    for unit in (tree.community_a1, tree.community_a2, tree.community_b1):
        add_task(program, unit, target=True)
    with django_capture_on_commit_callbacks(execute=True):
        rebuild(program)
    written = ProgramSummary.objects.filter(program=program).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'dashboards_programsummary'")
        assert cursor.fetchone()[0] == written > 3
