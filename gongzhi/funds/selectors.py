"""Reading money: a project's totals by source (two queries), the totals of each holder (the
buyer unit, two queries), and the projects whose allocated money is not yet all disbursed."""

from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from gongzhi.funds.models import BudgetLine, FundEntry
from gongzhi.funds.rules import STAGE, Totals


def project_totals(project_ids) -> dict[int, dict[str, Totals]]:
    """{project id: {source code: Totals}} for the given projects."""
    found: dict[int, dict[str, Totals]] = {}

    def add(project_id, source, stage, amount):
        by_source = found.setdefault(project_id, {})
        by_source[source] = by_source.get(source, Totals()).plus(stage, amount)

    budgets = BudgetLine.objects.filter(project_id__in=project_ids).values("project_id", "source")
    for row in budgets.annotate(total=Sum("amount")).order_by():
        add(row["project_id"], row["source"], "budget", row["total"])
    entries = FundEntry.objects.filter(project_id__in=project_ids)
    rows = entries.values("project_id", "source", "kind").annotate(total=Sum("amount")).order_by()
    for row in rows:
        add(row["project_id"], row["source"], STAGE[row["kind"]], row["total"])
    return found


def unit_totals(budget_lines, entries) -> list[tuple[str, Totals]]:
    """[(holder unit name, Totals)] summed over the given budget lines and fund entries, by
    unit name (reversals count with their negative amounts)."""
    found: dict[tuple[str, int], Totals] = {}

    def add(row, stage):
        key = (row["project__buyer__name"], row["project__buyer_id"])
        found[key] = found.get(key, Totals()).plus(stage, row["total"])

    by_unit = ("project__buyer_id", "project__buyer__name")
    for row in budget_lines.values(*by_unit).annotate(total=Sum("amount")).order_by():
        add(row, "budget")
    rows = entries.values(*by_unit, "kind").annotate(total=Sum("amount")).order_by()
    for row in rows:
        add(row, STAGE[row["kind"]])
    return [(name, totals) for (name, _pk), totals in sorted(found.items())]


def _sum_of(kind):
    entries = FundEntry.objects.filter(
        project=OuterRef("project"), source=OuterRef("source"), kind=kind
    )
    total = entries.order_by().values("project").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0), output_field=DecimalField())


def awaiting_disbursement(entries):
    """Of `entries`, the allocations whose project and source have less disbursed than
    allocated: one per (project, source), its latest allocation."""
    later = FundEntry.objects.filter(
        project=OuterRef("project"), source=OuterRef("source"), kind="allocation"
    ).filter(Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")))
    return (
        entries.filter(kind="allocation")
        .exclude(Exists(later))
        .annotate(allocated=_sum_of("allocation"), disbursed=_sum_of("disbursement"))
        .filter(disbursed__lt=F("allocated"))
    )
