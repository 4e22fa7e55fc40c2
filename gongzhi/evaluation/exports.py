"""A round's score sheet as an Excel workbook: one row per item with each stage's score and
reason, then the totals and the grade of each stage."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.excel import append_row, workbook_bytes
from gongzhi.evaluation.sheet import STAGES


def _number(value):
    return "" if value is None else float(value)


def stage_labels() -> dict:
    return {
        "self": _("自评"),
        "street": _("街道审核"),
        "third": _("第三方评分"),
        "final": _("最终得分"),
    }


def sheet_workbook(sheet) -> bytes:
    labels = stage_labels()
    workbook = Workbook(write_only=True)
    rows = workbook.create_sheet(_("评分表")[:31])
    append_row(rows, [str(sheet.round)])
    headers = [_("类别"), _("编号"), _("评分内容"), _("类型"), _("分值"), _("系统预填")]
    for stage in STAGES:
        headers += [labels[stage], _("%(stage)s理由") % {"stage": labels[stage]}]
    append_row(rows, headers)
    for row in sheet.rows:
        values = [row.category, row.code, row.item, row.kind_label, _number(row.points)]
        values.append(_number(row.prefill))
        for stage in STAGES:
            values += [_number(row.scores[stage]), row.reasons[stage]]
        append_row(rows, values)
    append_row(rows, [])
    for label, key in ((_("基本项得分"), "basic"), (_("加分"), "bonus"), (_("总分"), "total")):
        append_row(
            rows,
            [
                "",
                "",
                label,
                "",
                "",
                "",
                *_by_stage(sheet, lambda t, key=key: _number(getattr(t, key))),
            ],
        )
    append_row(rows, ["", "", _("一票否决"), "", "", "", *_by_stage(sheet, _veto)])
    append_row(rows, ["", "", _("等级"), "", "", "", *_by_stage(sheet, lambda t: t.grade)])
    return workbook_bytes(workbook)


def _veto(totals) -> str:
    return _("是") if totals.vetoed else _("否")


def _by_stage(sheet, value) -> list:
    cells = []
    for stage in STAGES:
        cells += [value(sheet.totals[stage]), ""]
    return cells
