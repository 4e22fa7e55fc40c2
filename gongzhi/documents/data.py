"""The figures of a report, collected in one place and returned as plain data (dicts, lists,
strings and numbers) that both the Word template and the PDF read.

Every part is a fixed number of aggregate queries, whatever the number of records: a report on
the whole program costs about as many queries as one on a single community."""

from collections import Counter
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils.translation import gettext as _

from gongzhi.activities.models import Activity, SignIn
from gongzhi.core import clock
from gongzhi.core.options import label_of
from gongzhi.core.report_annexes import annexes_for
from gongzhi.core.review import ReviewState
from gongzhi.core.templatetags.gz import number, yuan
from gongzhi.funds.models import BudgetLine, FundEntry
from gongzhi.funds.rules import STAGE, Totals
from gongzhi.programs import counters
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import Status, ledger_tasks, target_rows
from gongzhi.progress.models import Report
from gongzhi.residents.models import Need
from gongzhi.services.models import ServiceLog, ServiceProject
from gongzhi.services.stats import measured
from gongzhi.supervision.models import Rectification, SupervisionReport, Visit
from gongzhi.surveys.models import Answer, Survey
from gongzhi.surveys.stats import Rate

RATED_SURVEYS = (Survey.Kind.AWARENESS, Survey.Kind.SATISFACTION)
HANDLED_NEEDS = (Need.State.RESOLVED, Need.State.RATED)


def report_data(subject) -> dict:
    """Everything a report shows about `subject` (see `gongzhi.documents.subjects`)."""
    program, path = subject.program, subject.unit.path
    tasks = _tasks(subject)
    projects = list(_projects(program, path))
    return {
        "kind": str(subject.kind),
        "title": subject.title,
        "subject": subject.name,
        "program": _program(program),
        "pilot": _pilot(subject.pilot),
        "date": f"{clock.today():%Y-%m-%d}",
        "overview": _overview(tasks),
        "status_counts": _status_counts(tasks),
        "pilots": _pilots(tasks),
        "tasks": _task_rows(tasks),
        "targets": _targets(tasks),
        "figures": _figures(program, subject.unit),
        "activities": _activities(program, path),
        "services": _services(projects),
        "funds": _funds(projects),
        "needs": _needs(program, path),
        "surveys": _surveys(program, path),
        "supervision": _supervision(projects),
        "annexes": [
            vars(annex)
            for annex in annexes_for(program, subject.unit, is_program=subject.is_program)
        ],
    }


def _program(program) -> dict:
    return {
        "name": program.name,
        "year": program.year,
        "issuers": "、".join(program.issuers or []),
        "goals": [str(goal) for goal in program.goals or []],
    }


def _pilot(pilot) -> dict | None:
    if pilot is None:
        return None
    return {
        "community": pilot.community.name,
        "street": pilot.street.name,
        "type": pilot.type_name,
        "due": f"{pilot.due:%Y-%m-%d}",
    }


def _tasks(subject) -> list:
    """The subject's tasks with their status: the program's all, or a unit's pilot items and
    the tasks its units are assigned to."""
    tasks = Task.objects.all()
    if not subject.is_program:
        unit = subject.unit
        tasks = tasks.filter(
            Q(pilot__community=unit)
            | Q(pilot__street=unit)
            | Q(pk__in=Task.objects.filter(assignments__unit__path__startswith=unit.path))
        )
    rows = ledger_tasks(subject.program, tasks)
    _attach_latest_reports(rows)
    return rows


def _attach_latest_reports(tasks) -> None:
    latest = {}
    reports = (
        Report.objects.filter(task__in=[task.pk for task in tasks])
        .exclude(state=Report.State.DRAFT)
        .order_by("task_id", "-submitted_at", "-pk")
        .values_list("task_id", "text")
    )
    for task_id, text in reports:
        latest.setdefault(task_id, text)
    for task in tasks:
        task.latest_report = latest.get(task.pk, "")


def _percent(part, whole) -> int:
    return round(part * 100 / whole) if whole else 0


def _overview(tasks) -> dict:
    done = sum(task.status == Status.DONE for task in tasks)
    return {"tasks": len(tasks), "done": done, "percent": _percent(done, len(tasks))}


def _status_counts(tasks) -> list[dict]:
    counts = Counter(task.status for task in tasks)
    return [{"label": str(label), "count": counts.get(key, 0)} for key, label in Status.choices]


def _pilots(tasks) -> list[dict]:
    """Per pilot community: its type, street and items done of all."""
    found: dict = {}
    for task in tasks:
        if task.kind != Task.Kind.PILOT_ITEM:
            continue
        row = found.setdefault(
            task.pilot_id,
            {
                "community": task.pilot.community.name,
                "street": task.pilot.street.name,
                "type": task.pilot.type_name,
                "item_count": 0,
                "done": 0,
            },
        )
        row["item_count"] += 1
        row["done"] += task.status == Status.DONE
    for row in found.values():
        row["percent"] = _percent(row["done"], row["item_count"])
    return list(found.values())


def _task_rows(tasks) -> list[dict]:
    return [
        {
            "label": task.label,
            "kind": task.get_kind_display(),
            "community": task.pilot.community.name if task.pilot_id else "",
            "text": task.text,
            "due": f"{task.due:%Y-%m-%d}",
            "status": str(Status(task.status).label),
            "done": task.status == Status.DONE,
            "latest": task.latest_report,
        }
        for task in tasks
    ]


def _targets(tasks) -> list[dict]:
    rows = target_rows(target for task in tasks for target in task.targets.all())
    return [
        {
            "task": row.target.task.label,
            "name": row.target.name,
            "target": f"{row.target.get_comparator_display()} {number(row.target.value)}"
            f"{row.target.measure}",
            "actual": "—" if row.actual is None else f"{number(row.actual)}{row.target.measure}",
            "met": {True: _("达标"), False: _("未达标"), None: _("未填报")}[row.met],
            "is_met": row.met,
        }
        for row in rows
    ]


def _figures(program, unit) -> list[dict]:
    """Every registered counter that needs no argument, counted in the unit's subtree: the 五社
    registries, self-governance, services and needs as the ledger's targets count them."""
    rows = []
    for counter in sorted(counters.REGISTRY.values(), key=lambda c: c.name):
        if any(arg.required for arg in counter.args):
            continue
        value = counter.compute(program, [unit], {}).get(unit.pk, 0)
        rows.append({"name": counter.name, "label": str(counter.label), "value": number(value)})
    return rows


def _activities(program, path) -> dict:
    activities = Activity.objects.filter(
        Q(community__path__startswith=path) | Q(unit__path__startswith=path),
        starts_at__year=program.year,
    )
    by_type = activities.order_by().values("type").annotate(n=Count("pk")).order_by("-n", "type")
    return {
        "count": activities.count(),
        "signins": SignIn.objects.filter(activity__in=activities).count(),
        "by_type": [
            {"label": label_of("activity_type", row["type"]), "count": row["n"]} for row in by_type
        ],
    }


def _projects(program, path):
    return (
        ServiceProject.objects.filter(program=program)
        .filter(Q(buyer__path__startswith=path) | Q(pilot__community__path__startswith=path))
        .select_related("buyer", "agency")
        .prefetch_related("deliverables")
        .order_by("starts_on", "pk")
    )


def _services(projects) -> list[dict]:
    """Each project with its deliverables against what its log counts (two queries)."""
    tallies: dict = {}
    logs = (
        ServiceLog.objects.filter(project__in=[p.pk for p in projects])
        .order_by()
        .values("project_id", "kind")
        .annotate(services=Count("pk"), beneficiaries=Sum("beneficiaries"), hours=Sum("hours"))
    )
    for row in logs:
        tallies.setdefault(row["project_id"], {})[row["kind"]] = {
            "services": row["services"],
            "beneficiaries": row["beneficiaries"] or 0,
            "hours": row["hours"] or 0,
        }
    rows = []
    for project in projects:
        by_kind = tallies.get(project.pk, {})
        deliverables = [
            {
                "name": item.name,
                "target": number(item.target),
                "actual": number(measured(by_kind, item.kind, item.measure)),
                "met": measured(by_kind, item.kind, item.measure) >= item.target,
            }
            for item in project.deliverables.all()
        ]
        rows.append(
            {
                "title": project.title,
                "buyer": project.buyer.name,
                "agency": project.agency.name,
                "amount": yuan(project.amount) if project.amount is not None else "—",
                "services": sum(row["services"] for row in by_kind.values()),
                "beneficiaries": sum(row["beneficiaries"] for row in by_kind.values()),
                "deliverables": deliverables,
                "deliverables_met": sum(item["met"] for item in deliverables),
            }
        )
    return rows


def _funds(projects) -> dict:
    """Money by source over the projects (Decimal sums, two queries), with the total."""
    ids = [project.pk for project in projects]
    by_source: dict[str, Totals] = {}
    budgets = BudgetLine.objects.filter(project_id__in=ids).order_by().values("source")
    for row in budgets.annotate(total=Sum("amount")):
        by_source[row["source"]] = by_source.get(row["source"], Totals()).plus(
            "budget", row["total"]
        )
    entries = FundEntry.objects.filter(project_id__in=ids).order_by().values("source", "kind")
    for row in entries.annotate(total=Sum("amount")):
        by_source[row["source"]] = by_source.get(row["source"], Totals()).plus(
            STAGE[row["kind"]], row["total"]
        )
    total = sum(by_source.values(), Totals())
    return {
        "sources": [
            {
                "source": label_of("fund_source", source),
                "spent_amount": totals.spent,
                **_money(totals),
            }
            for source, totals in sorted(by_source.items())
        ],
        "total": _money(total),
    }


def _money(totals: Totals) -> dict:
    return {
        "budget": yuan(totals.budget),
        "allocated": yuan(totals.allocated),
        "disbursed": yuan(totals.disbursed),
        "spent": yuan(totals.spent),
    }


def _needs(program, path) -> dict:
    needs = Need.objects.filter(
        community__path__startswith=path, submitted_at__year=program.year
    ).order_by()
    states = dict(needs.values_list("state").annotate(n=Count("pk")))
    total = sum(states.values())
    handled = sum(states.get(state, 0) for state in HANDLED_NEEDS)
    rating = needs.aggregate(rating=Avg("rating"))["rating"]
    return {
        "total": total,
        "handled": handled,
        "percent": _percent(handled, total),
        "rejected": states.get(Need.State.REJECTED, 0),
        "rating": f"{Decimal(rating):.1f}" if rating is not None else "—",
    }


def _surveys(program, path) -> list[dict]:
    """Awareness and satisfaction: the share of positive answers with its 95 % margin."""
    answers = Answer.objects.filter(
        positive__isnull=False,
        response__survey__kind__in=RATED_SURVEYS,
        response__survey__opens_on__year=program.year,
        response__community__path__startswith=path,
    ).filter(Q(response__survey__program=program) | Q(response__survey__program=None))
    rows = (
        answers.order_by()
        .values("response__survey__kind")
        .annotate(
            total=Count("pk"),
            positive=Count("pk", filter=Q(positive=True)),
            responses=Count("response", distinct=True),
        )
    )
    found = {row["response__survey__kind"]: row for row in rows}
    result = []
    for kind in RATED_SURVEYS:
        row = found.get(kind, {"total": 0, "positive": 0, "responses": 0})
        rate = Rate(row["positive"], row["total"])
        result.append(
            {
                "kind": str(Survey.Kind(kind).label),
                "responses": row["responses"],
                "answers": rate.total,
                "rate": rate.percent or "—",
                "margin": rate.interval_text or "—",
                "share": rate.share,
            }
        )
    return result


def _supervision(projects) -> dict:
    ids = [project.pk for project in projects]
    states = dict(
        Rectification.objects.filter(visit__project_id__in=ids)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    reports = (
        SupervisionReport.objects.filter(project_id__in=ids, state=ReviewState.APPROVED)
        .select_related("project", "third_party")
        .order_by("project_id", "pk")
    )
    return {
        "visits": Visit.objects.filter(project_id__in=ids).count(),
        "rectifications": sum(states.values()),
        "closed": states.get(Rectification.State.CLOSED, 0),
        "reports": [
            {
                "project": report.project.title,
                "third_party": report.third_party.name,
                "kind": report.get_kind_display(),
                "score": "—" if report.score is None else number(report.score),
            }
            for report in reports
        ],
    }


def sample_data(kind: str) -> dict:
    """Data of the same shape as `report_data`, one row in each table: what an uploaded
    template is checked against (it must render with every name the reports give)."""
    money = {"budget": "1.00", "allocated": "1.00", "disbursed": "1.00", "spent": "1.00"}
    rate = {"kind": "—", "responses": 1, "answers": 1, "rate": "—", "margin": "—", "share": None}
    return {
        "kind": kind,
        "title": "—",
        "subject": "—",
        "program": {"name": "—", "year": 2024, "issuers": "—", "goals": ["—"]},
        "pilot": {"community": "—", "street": "—", "type": "—", "due": "—"},
        "date": "—",
        "overview": {"tasks": 1, "done": 1, "percent": 100},
        "status_counts": [{"label": "—", "count": 1}],
        "pilots": [
            {
                "community": "—",
                "street": "—",
                "type": "—",
                "item_count": 1,
                "done": 1,
                "percent": 100,
            }
        ],
        "tasks": [
            {
                "label": "—",
                "kind": "—",
                "community": "—",
                "text": "—",
                "due": "—",
                "status": "—",
                "done": True,
                "latest": "—",
            }
        ],
        "targets": [
            {"task": "—", "name": "—", "target": "—", "actual": "—", "met": "—", "is_met": True}
        ],
        "figures": [{"name": "—", "label": "—", "value": "1"}],
        "activities": {"count": 1, "signins": 1, "by_type": [{"label": "—", "count": 1}]},
        "services": [
            {
                "title": "—",
                "buyer": "—",
                "agency": "—",
                "amount": "1.00",
                "services": 1,
                "beneficiaries": 1,
                "deliverables": [{"name": "—", "target": "1", "actual": "1", "met": True}],
                "deliverables_met": 1,
            }
        ],
        "funds": {
            "sources": [{"source": "—", "spent_amount": Decimal(1), **money}],
            "total": money,
        },
        "needs": {"total": 1, "handled": 1, "percent": 100, "rejected": 0, "rating": "—"},
        "surveys": [rate],
        "supervision": {
            "visits": 1,
            "rectifications": 1,
            "closed": 1,
            "reports": [{"project": "—", "third_party": "—", "kind": "—", "score": "—"}],
        },
        "annexes": [],
    }
