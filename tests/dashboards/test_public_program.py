"""The public progress page stays the same size whatever the size of the program: its figures
come from the summaries, its pilot communities and city tasks come a page at a time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.dashboards.public import PILOTS_PER_PAGE, TASKS_PER_PAGE
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Assignment, Pilot, Task

DUE = datetime.date(2024, 12, 31)


@pytest.fixture
def public(program):
    program.is_public = True
    program.save()
    return program


def add_pilots(program, street, count):
    for _ in range(count):
        n = Pilot.objects.filter(program=program).count() + 1
        community = Unit.objects.add_unit(street, name=f"试点{n}社区", kind="community")
        pilot = Pilot.objects.create(
            program=program,
            community=community,
            street=street,
            type_name="便民服务型",
            due=DUE,
            order=n,
        )
        for number in (1, 2, 3):
            task = Task.objects.create(
                program=program,
                kind="pilot_item",
                pilot=pilot,
                number=number,
                text="建设事项",
                due=DUE,
            )
            Assignment.objects.create(task=task, unit=community, role="lead")


def add_city_tasks(program, unit, count):
    start = Task.objects.filter(program=program, kind="city").count()
    for number in range(start + 1, start + count + 1):
        task = Task.objects.create(
            program=program, kind="city", number=number, text=f"市级任务{number}", due=DUE
        )
        Assignment.objects.create(task=task, unit=unit, role="lead")


def get(client, program, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:public-program", args=[program.code]) + query)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_page_stays_the_same_size_as_the_program_grows(client, tree, public):
    add_pilots(public, tree.street_a, PILOTS_PER_PAGE + 1)
    add_city_tasks(public, tree.civil, TASKS_PER_PAGE + 1)
    get(client, public)  # the summaries are built on the first reading
    page, queries = get(client, public)
    add_pilots(public, tree.street_b, PILOTS_PER_PAGE * 2)
    add_city_tasks(public, tree.civil, TASKS_PER_PAGE * 2)
    get(client, public)
    larger, larger_queries = get(client, public)
    assert page.count('data-testid="public-pilot"') == PILOTS_PER_PAGE
    assert larger.count('data-testid="public-pilot"') == PILOTS_PER_PAGE
    assert larger.count('data-testid="city-task"') == TASKS_PER_PAGE
    assert abs(len(larger.encode()) - len(page.encode())) < 200  # the page counters' digits
    assert larger_queries == queries
    total = (PILOTS_PER_PAGE * 3 + 1) * 3 + TASKS_PER_PAGE * 3 + 1
    assert f"全部任务已完成 0 / {total} 项（0%）" in larger


def test_each_list_pages_on_its_own(client, tree, public):
    add_pilots(public, tree.street_a, PILOTS_PER_PAGE + 1)
    add_city_tasks(public, tree.civil, TASKS_PER_PAGE + 2)
    last, _queries = get(client, public, "?page=2&tasks=2")
    assert last.count('data-testid="public-pilot"') == 1
    assert last.count('data-testid="city-task"') == 2
    assert "?page=1&amp;tasks=2" in last  # back to the first pilots, staying on the tasks' page
