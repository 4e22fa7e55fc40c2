"""The cockpit's summaries equal a raw recount of the ledger after any sequence of changes, are
rebuilt by the worker once a change commits, and the cockpit reads them in a fixed number of
queries whatever the size of the program."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.community.models import SocialOrganization
from gongzhi.core import clock
from gongzhi.dashboards import figures as figures_module
from gongzhi.dashboards import summaries
from gongzhi.dashboards.cockpit import cockpit
from gongzhi.dashboards.figures import summary_cockpit
from gongzhi.dashboards.models import ProgramSummary, SummaryChange, SummaryState, TargetFigure
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


def test_a_change_waits_for_the_worker_which_updates_the_task_once_it_commits(
    tree, program, office, django_capture_on_commit_callbacks
):
    task = add_task(program, tree.community_a1)
    rebuild(program)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report(task, tree.community_a1, office, "approved")
        report(task, tree.community_a1, office, "pending", completes=False)
    assert list(SummaryChange.objects.values_list("task_id", flat=True)) == [task.pk, task.pk]
    assert not SummaryState.objects.get(program=program).dirty  # no whole rebuild for this
    assert stored(program, None)["done"] == 0  # not updated before the change commits
    for callback in callbacks:
        callback()
    assert not SummaryChange.objects.exists()
    assert stored(program, None)["done"] == 1
    assert ProgramSummary.objects.get(program=program, unit=None).figures["reports_pending"] == 1


def rows_of(program) -> dict:
    return {
        row.path: (row.unit_id, row.own_tasks, row.figures)
        for row in ProgramSummary.objects.filter(program=program)
    }


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes, st.integers(min_value=0, max_value=3))
def test_updating_changed_tasks_leaves_what_a_whole_rebuild_writes(
    tree, program, phases, office, django_capture_on_commit_callbacks, steps, removed
):
    """Every row, figure and listed id, after any changes (a task removed too), as a rebuild
    from scratch writes them."""
    Report.objects.filter(task__program=program).delete()
    Task.objects.filter(program=program).delete()
    units = [tree.civil, tree.street_a, tree.community_a1, tree.community_a2, tree.community_b1]
    for index in range(12):  # more than ten overdue in a row, so its list is cut
        add_task(program, units[index % 5], units[(index + 2) % 5], due_in=-index, target=True)
    rebuild(program)
    with django_capture_on_commit_callbacks(execute=True):
        for what, index, number in steps:
            task = Task.objects.filter(program=program).order_by("pk")[index]
            lead = task.assignments.filter(role="lead").first().unit
            if what == "due":
                task.due = clock.today() + datetime.timedelta(days=number)
                task.save()
            elif what.startswith("add"):
                add_task(program, units[index % 5], due_in=number)
            else:
                report(
                    task,
                    lead,
                    office,
                    {"approve": "approved", "return": "returned"}.get(what, "pending"),
                )
        gone = Task.objects.filter(program=program).order_by("pk")[removed]
        Report.objects.filter(task=gone).delete()
        gone.delete()
    updated = rows_of(program)
    assert not SummaryChange.objects.exists()
    rebuild(program)
    assert updated == rows_of(program)


def test_an_update_reads_the_changed_tasks_only(
    tree, program, office, django_assert_max_num_queries
):
    """The same queries to update one task of a program of 3 or of 30 tasks."""
    counts = []
    for size in (3, 30):
        Report.objects.filter(task__program=program).delete()
        Task.objects.filter(program=program).delete()
        tasks = [add_task(program, tree.community_a1, target=True) for _ in range(size)]
        rebuild(program)
        report(tasks[0], tree.community_a1, office, "approved")
        with CaptureQueriesContext(connection) as queries:
            summaries.update(program)
        counts.append(len(queries))
        assert stored(program, None)["done"] == 1
    assert counts[0] == counts[1]


def test_a_phase_change_rebuilds_the_program_whole(
    tree, program, phases, django_capture_on_commit_callbacks
):
    add_task(program, tree.community_a1)
    rebuild(program)
    with django_capture_on_commit_callbacks(execute=False):
        Phase.objects.filter(program=program).update(name="实施阶段")
        Phase.objects.filter(program=program).first().save()
    assert SummaryState.objects.get(program=program).dirty


def test_changes_of_a_deleted_program_are_forgotten(tree, program):
    add_task(program, tree.community_a1)
    assert SummaryChange.objects.exists()
    program.delete()
    summaries.refresh(only_dirty=True)
    assert not SummaryChange.objects.exists()


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
    with django_capture_on_commit_callbacks() as queued:
        report(task, tree.community_a1, office, "approved")
    with django_capture_on_commit_callbacks() as callbacks:
        figures = summary_cockpit(program, office)
    assert (figures["overall"]["done"], figures["built_at"]) == (0, built.built_at)
    assert len(queued) == 1 and not callbacks  # the change queued the update; reading adds none
    built.as_of -= datetime.timedelta(days=1)
    built.save()
    with django_capture_on_commit_callbacks() as callbacks:
        summary_cockpit(program, office)
    assert len(callbacks) == 1  # yesterday's figures: the whole rebuild is queued


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


def test_the_targets_panel_lists_the_first_targets_of_the_tasks_in_reach(
    tree, program, users, monkeypatch
):
    """The panel picks the first tasks with a figure in task order, then their targets: the
    same rows as sorting every figure in reach, a task without targets taking no place."""
    monkeypatch.setattr(figures_module, "TARGET_ROWS", 3)
    for _ in range(2):
        add_task(program, tree.community_a1)  # first in order, no target
    first = add_task(program, tree.community_a1, target=True)
    Target.objects.create(task=first, name="第二指标", comparator=">=", value=2, order=1)
    for unit in [tree.community_a1, tree.community_b1, tree.civil, tree.community_a2] * 2:
        add_task(program, unit, target=True)
    rebuild(program)
    order = ("target__task__kind", "target__task__number", "target__task_id", "target__order")
    for role in ("program_office", "street", "community"):
        user = users[role]
        shown = [row.target.pk for row in summary_cockpit(program, user)["targets"]]
        in_reach = TargetFigure.objects.filter(target__task__in=Task.objects.visible_to(user))
        expected = list(in_reach.order_by(*order, "pk").values_list("target_id", flat=True)[:3])
        assert shown == expected and len(shown) == 3, role


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


def test_a_counted_target_follows_the_registries_on_the_next_refresh(tree, program):
    """A counter over the registries changes with no change to the task: the minute's refresh
    recounts the counted targets and updates the tasks whose figures moved."""
    task = add_task(program, tree.community_a1)
    target = Target.objects.create(
        task=task, name="社区社会组织", comparator=">=", value=1, counter="community.orgs"
    )
    rebuild(program)
    assert stored(program, None)["targets"] == [0, 1]
    SocialOrganization.objects.create(
        name="甲一环保志愿队", unit=tree.community_a1, category="charity", filing="filed"
    )
    call_command("refresh_summaries", stdout=StringIO())
    assert stored(program, None)["targets"] == [1, 1]
    assert TargetFigure.objects.get(target=target).actual == 1
    assert summaries.increments.recounted_tasks(program) == []  # nothing left to update
