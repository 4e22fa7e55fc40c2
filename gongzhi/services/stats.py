"""Service statistics counted from the log: per kind, how many services, beneficiaries (人次)
and hours; and each deliverable's actual value against its target."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from gongzhi.core.options import label_of
from gongzhi.services.models import Deliverable

Measure = Deliverable.Measure
TENTH = Decimal("0.1")


def tally(logs) -> dict[str, dict]:
    """{kind: {"services": n, "beneficiaries": n, "hours": Decimal}} over `logs`, one query."""
    rows = (
        logs.order_by()
        .values("kind")
        .annotate(services=Count("pk"), beneficiaries=Sum("beneficiaries"), hours=Sum("hours"))
    )
    return {
        row["kind"]: {
            "services": row["services"],
            "beneficiaries": row["beneficiaries"] or 0,
            "hours": Decimal(row["hours"] or 0).quantize(TENTH),
        }
        for row in rows
    }


def measured(by_kind: dict, kind: str, measure: str) -> Decimal:
    """The total of `measure` over the kind (every kind when `kind` is blank)."""
    rows = [row for code, row in by_kind.items() if not kind or code == kind]
    return sum((Decimal(row[measure]) for row in rows), Decimal(0))


@dataclass(frozen=True)
class Progress:
    deliverable: Deliverable
    actual: Decimal

    @property
    def percent(self) -> int:
        target = self.deliverable.target
        return 100 if not target else min(int(self.actual * 100 / target), 100)

    @property
    def met(self) -> bool:
        return self.actual >= self.deliverable.target


def deliverables_progress(project, deliverables=None) -> list[Progress]:
    """Each deliverable of the project with its actual value, counted from all its logs."""
    deliverables = list(project.deliverables.all() if deliverables is None else deliverables)
    if not deliverables:
        return []
    by_kind = tally(project.logs.all())
    return [Progress(item, measured(by_kind, item.kind, item.measure)) for item in deliverables]


def snapshot_rows(logs) -> dict:
    """The statistics of `logs` as stored with a report: JSON-safe, labels as shown today."""
    by_kind = tally(logs)
    rows = [
        {
            "kind": code,
            "label": label_of("service_kind", code),
            "services": row["services"],
            "beneficiaries": row["beneficiaries"],
            "hours": str(row["hours"]),
        }
        for code, row in sorted(by_kind.items())
    ]
    total = {measure: measured(by_kind, "", measure) for measure in Measure.values}
    return {
        "rows": rows,
        "total": {
            "services": int(total[Measure.SERVICES]),
            "beneficiaries": int(total[Measure.BENEFICIARIES]),
            "hours": str(total[Measure.HOURS]),
        },
    }


def report_logs(report):
    return report.project.logs.filter(date__gte=report.period_start, date__lte=report.period_end)


def report_statistics(report) -> dict:
    """The stored snapshot once submitted; counted from the log while still a draft."""
    if report.statistics and not report.is_editable:
        return report.statistics
    return snapshot_rows(report_logs(report))
