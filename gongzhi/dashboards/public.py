"""The public progress page of a program, bounded whatever the size of the program: its figures
from the summaries, its pilot communities a page at a time (each drills down to its own public
page) and its city tasks a page at a time."""

from django.core.paginator import Paginator

from gongzhi.dashboards.figures import completion
from gongzhi.dashboards.models import ProgramSummary
from gongzhi.dashboards.summaries import current_state, empty_figures
from gongzhi.programs.models import Pilot, Task
from gongzhi.progress.ledger import by_strand, ledger_tasks
from gongzhi.progress.models import Evidence

PILOTS_PER_PAGE = 12
TASKS_PER_PAGE = 20


def _tasks():
    return Task.objects.dangerously_unscoped(
        reason="public page of a public program: it shows only task titles and statuses "
        "(and evidence reviewers marked public), never reports"
    )


def _with_evidence(program, tasks):
    """Each task with the public evidence of its reports (`task.public_evidence`)."""
    evidence = (
        Evidence.objects.public()
        .filter(report__task__in=[task.pk for task in tasks], thumbnail__gt="")
        .select_related("report")
        .order_by("-uploaded_at")
    )
    by_task = {}
    for item in evidence:
        by_task.setdefault(item.report.task_id, []).append(item)
    for task in tasks:
        task.public_evidence = by_task.get(task.pk, [])
    return tasks


def _pilot_rows(program, pilots):
    items = ledger_tasks(program, _tasks().filter(pilot__in=pilots))
    _with_evidence(program, items)
    per_pilot = {pilot.pk: [] for pilot in pilots}
    for task in items:
        per_pilot[task.pilot_id].append(task)
    for pilot in pilots:
        mine = per_pilot[pilot.pk]
        done = sum(task.status == "done" for task in mine)
        yield pilot, mine, completion([done, len(mine)])["percent"], done


def public_program_page(program, query) -> dict:
    """The context of the public page; `query` holds the page numbers (`page`, `tasks`)."""
    current_state(program)
    row = ProgramSummary.objects.filter(program=program, path="").first()
    figures = row.figures if row else empty_figures()
    pilots = Paginator(
        Pilot.objects.dangerously_unscoped(reason="the pilots of a public program")
        .filter(program=program)
        .select_related("community", "strand")
        .order_by("strand__order", "order", "pk"),
        PILOTS_PER_PAGE,
    ).get_page(query.get("page"))
    city = Paginator(
        _tasks().filter(program=program, kind=Task.Kind.CITY).order_by("number"), TASKS_PER_PAGE
    ).get_page(query.get("tasks"))
    city_tasks = ledger_tasks(program, _tasks().filter(pk__in=[task.pk for task in city]))
    return {
        "overall": completion([figures["done"], figures["total"]]),
        "status_counts": figures["status"],
        "pilot_page": pilots,
        "strands": by_strand(_pilot_rows(program, list(pilots))),
        "city_page": city,
        "city_tasks": _with_evidence(program, city_tasks),
    }
