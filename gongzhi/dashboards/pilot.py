"""One pilot community on one page: its type, items and targets against actuals, cases, photos,
services and money (for the office and street at acceptance), and its public version."""

from django.db.models import Q

from gongzhi.activities.models import ActivityPhoto
from gongzhi.cases.models import Case, CasePhoto
from gongzhi.evaluation.models import Round
from gongzhi.evaluation.sheet import STAGES, round_totals
from gongzhi.funds.rules import sum_up
from gongzhi.funds.selectors import project_totals
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import ledger_tasks, target_rows
from gongzhi.services.models import ServiceProject

PHOTOS_SHOWN = 12


def assessment(pilot, user) -> dict | None:
    """The community's assessment round, as far as `user` may see it, with each stage's total."""
    round = (
        Round.objects.visible_to(user)
        .filter(program=pilot.program, unit=pilot.community)
        .select_related("table")
        .first()
    )
    if round is None:
        return None
    return {"round": round, "totals": [round_totals(round, stage) for stage in STAGES]}


def items_with_targets(pilot, tasks):
    """The pilot's work items (its tasks among `tasks`), each with `target_rows` (actuals counted
    in one pass over all the items' targets) and the share of items done."""
    items = ledger_tasks(pilot.program, tasks.filter(pilot=pilot))
    rows = target_rows(target for item in items for target in item.targets.all())
    by_task = {}
    for row in rows:
        by_task.setdefault(row.target.task_id, []).append(row)
    for item in items:
        item.target_rows = by_task.get(item.pk, [])
    done = sum(item.status == "done" for item in items)
    percent = round(done * 100 / len(items)) if items else 0
    return items, done, percent


def _in_community(pilot, *lookups):
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__startswith": pilot.community.path})
    return condition


def pilot_page(pilot, user) -> dict:
    items, done, percent = items_with_targets(pilot, Task.objects.visible_to(user))
    projects = list(
        ServiceProject.objects.visible_to(user)
        .filter(Q(pilot=pilot) | _in_community(pilot, "buyer__path"))
        .select_related("agency")
        .distinct()
    )
    totals = project_totals([project.pk for project in projects])
    for project in projects:
        project.money = sum_up(totals.get(project.pk, {}))
    activity_photos = (
        ActivityPhoto.objects.visible_to(user)
        .filter(_in_community(pilot, "activity__community__path", "activity__unit__path"))
        .filter(thumbnail__gt="")
        .select_related("activity")
        .order_by("-uploaded_at", "-pk")[:PHOTOS_SHOWN]
    )
    case_photos = (
        CasePhoto.objects.visible_to(user)
        .filter(_in_community(pilot, "case__unit__path"), thumbnail__gt="")
        .select_related("case")
        .order_by("-uploaded_at", "-pk")[:PHOTOS_SHOWN]
    )
    return {
        "items": items,
        "done": done,
        "percent": percent,
        "case_photos": case_photos,
        "cases": Case.objects.visible_to(user)
        .filter(_in_community(pilot, "unit__path"))
        .select_related("unit"),
        "activity_photos": activity_photos,
        "projects": projects,
        "money": sum_up({project.pk: project.money for project in projects}),
        "assessment": assessment(pilot, user),
    }


def public_pilot_page(pilot) -> dict:
    """Only what is public: the type, the items' statuses and targets' progress, public cases
    and their photos."""
    items, done, percent = items_with_targets(
        pilot,
        Task.objects.dangerously_unscoped(
            reason="public pilot page of a public program: item titles, statuses and target "
            "progress only, never reports"
        ),
    )
    return {
        "items": items,
        "done": done,
        "percent": percent,
        "cases": public_cases_in(pilot.community),
    }


PUBLIC_CASES_SHOWN = 12


def public_cases_in(unit) -> list:
    """The latest cases made public in the unit's subtree, with their photos."""
    return list(
        Case.objects.dangerously_unscoped(
            reason="public pages: only cases the office or street made public"
        )
        .public()
        .filter(unit__path__startswith=unit.path)
        .select_related("unit")
        .prefetch_related("photos")
        .order_by("-date", "-pk")[:PUBLIC_CASES_SHOWN]
    )


def public_case_photos():
    """Photos of public cases (of a public program's region, checked by the caller)."""
    return CasePhoto.objects.dangerously_unscoped(
        reason="public pages: photos of cases made public"
    ).filter(case__is_public=True)
