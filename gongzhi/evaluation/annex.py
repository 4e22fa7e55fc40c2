"""The 绩效评分表 annex of the summary and acceptance reports: a community's (or street's)
score sheet, or for the program's acceptance report one line per assessed unit."""

from django.utils.translation import gettext as _

from gongzhi.core.report_annexes import Annex
from gongzhi.evaluation.models import Round
from gongzhi.evaluation.sheet import STAGES, score_sheet

UNSET = "—"


def _points(value) -> str:
    if value is None:
        return UNSET
    return f"{value.normalize():f}"


def _score(row, stage) -> str:
    value = row.scores[stage]
    if row.kind == "veto":
        return UNSET if value is None else (_("否决") if value > 0 else _("否"))
    return _points(value)


def _totals_note(sheet) -> str:
    final = sheet.final
    if not sheet.round.is_locked:
        return _("评估尚未结束，以上为当前得分。")
    return _("最终得分 %(total)s 分，等级：%(grade)s。") % {
        "total": _points(final.total),
        "grade": final.grade,
    }


def _unit_annex(round) -> Annex:
    sheet = score_sheet(round, with_evidence=False)
    rows = [
        [row.category, row.item, _points(row.points), *(_score(row, s) for s in STAGES)]
        for row in sheet.rows
    ]
    rows.append(
        [_("合计"), "", _points(sheet.final.maximum)]
        + [_points(sheet.totals[stage].total) for stage in STAGES]
    )
    return Annex(
        title=_("绩效评分表"),
        headers=[_("类别"), _("评分项目"), _("分值"), _("自评"), _("街道"), _("第三方"), _("最终")],
        rows=rows,
        note=_totals_note(sheet),
        widths=[3, 6, 1, 1, 1, 1, 1],
    )


def _program_annex(program) -> Annex | None:
    rounds = list(Round.objects.filter(program=program).select_related("unit", "table"))
    if not rounds:
        return None
    rows = []
    for round in rounds:
        totals = score_sheet(round, with_evidence=False).totals
        rows.append(
            [round.unit.name, *(_points(totals[stage].total) for stage in STAGES), round.grade]
        )
    return Annex(
        title=_("绩效评分汇总表"),
        headers=[_("被评单位"), _("自评"), _("街道"), _("第三方"), _("最终"), _("等级")],
        rows=rows,
        note=_("等级在评估办结后确定；未办结的评估无等级。"),
    )


def score_sheet_annex(program, unit, is_program: bool) -> Annex | None:
    """The annex for a report on `unit` (or the whole program), None when nobody assessed it."""
    if is_program:
        return _program_annex(program)
    round = Round.objects.filter(program=program, unit=unit).select_related("table").first()
    return _unit_annex(round) if round else None
