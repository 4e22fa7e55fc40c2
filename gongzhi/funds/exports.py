"""The fund ledger as a workbook: one row per money movement, amounts as numbers in 元; and a
second sheet summing budget, allocated, disbursed and spent per holder unit."""

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.excel import append_row, workbook_bytes

MAX_ROWS = 20000
RATE = Decimal("0.0001")


def _entry_rows(entries):
    for entry in entries.iterator(chunk_size=2000):
        yield (
            entry.date,
            entry.project.title,
            entry.project.buyer.name,
            entry.get_source_display(),
            entry.get_kind_display() + (_("（冲销）") if entry.is_reversal else ""),
            entry.amount,
            entry.note,
            entry.override_reason or entry.reason,
        )


def _sheet(workbook, title, headers, rows) -> None:
    sheet = workbook.create_sheet(title[:31])
    append_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)


def spend_rate(totals) -> Decimal | None:
    """Spent as a share of the budget (0.2500 for a quarter), or None without a budget."""
    return (totals.spent / totals.budget).quantize(RATE) if totals.budget else None


def ledger_workbook(entries, by_unit) -> bytes:
    """`entries`: the ledger's rows; `by_unit`: [(unit name, Totals)] (see `unit_totals`)."""
    workbook = Workbook(write_only=True)
    headers = [
        _("日期"),
        _("服务项目"),
        _("购买单位"),
        _("资金来源"),
        _("类别"),
        _("金额（元）"),
        _("摘要"),
        _("超额说明或冲销原因"),
    ]
    _sheet(workbook, _("资金台账"), headers, _entry_rows(entries))
    unit_headers = [
        _("单位"),
        _("预算（元）"),
        _("已分配（元）"),
        _("已拨付（元）"),
        _("已支出（元）"),
        _("支出占预算"),
    ]
    unit_rows = (
        (name, t.budget, t.allocated, t.disbursed, t.spent, spend_rate(t)) for name, t in by_unit
    )
    _sheet(workbook, _("按单位汇总"), unit_headers, unit_rows)
    return workbook_bytes(workbook)
