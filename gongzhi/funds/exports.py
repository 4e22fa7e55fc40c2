"""The fund ledger as a workbook: one row per money movement, amounts as numbers in 元."""

from django.utils.translation import gettext as _

from gongzhi.core.excel import table_workbook

MAX_ROWS = 20000


def ledger_workbook(entries) -> bytes:
    headers = [
        _("日期"),
        _("服务项目"),
        _("购买单位"),
        _("资金来源"),
        _("类别"),
        _("金额（元）"),
        _("摘要"),
        _("超额说明"),
    ]
    rows = (
        (
            entry.date,
            entry.project.title,
            entry.project.buyer.name,
            entry.get_source_display(),
            entry.get_kind_display(),
            entry.amount,
            entry.note,
            entry.override_reason,
        )
        for entry in entries.iterator(chunk_size=2000)
    )
    return table_workbook(_("资金台账"), headers, rows)
