"""A case's task is picked from a bounded list of the tasks in reach, or found by its text."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.cases.forms import CaseForm
from gongzhi.core.pickers import SearchSelect
from gongzhi.programs.models import Assignment, Task

TEXTS = ["建设社区综合体", "培育社区社会组织", "开展居民议事", "引进社工人才"]


@pytest.fixture
def tasks(program, tree):
    made = []
    for number, text in enumerate(TEXTS, start=1):
        task = Task.objects.create(
            program=program, kind="city", number=number, text=text, due=datetime.date(2024, 12, 31)
        )
        Assignment.objects.create(task=task, unit=tree.street_a, role="lead")
        made.append(task)
    return made


def test_the_case_form_lists_a_few_tasks_and_the_chosen_one(office, tasks, settings):
    settings.GZ_PICKER_SHOWN = 2
    form = CaseForm(data={"task": tasks[3].pk}, actor=office)
    assert isinstance(form.fields["task"].widget, SearchSelect)
    html = form["task"].as_widget()
    assert 'data-testid="picker-search"' in html and reverse("cases:task-options") in html
    labels = [label for value, label in form.fields["task"].widget.choices if value]
    assert labels == ["1. 建设社区综合体", "2. 培育社区社会组织", "4. 引进社工人才"]
    assert "task" not in form.errors


def test_the_search_finds_tasks_by_text_among_those_in_reach(client, tasks, users, tree):
    client.force_login(users["street"])
    found = client.get(reverse("cases:task-options"), {"q": "社区"}).content.decode()
    assert "1. 建设社区综合体" in found and "2. 培育社区社会组织" in found
    assert "开展居民议事" not in found
    Assignment.objects.filter(task__in=tasks).update(unit=tree.street_b)
    assert "建设" not in client.get(reverse("cases:task-options"), {"q": "社区"}).content.decode()
