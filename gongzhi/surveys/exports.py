"""Surveys to Excel: invitation codes to print, answers (no personal data: no phone, no
address, no hash) and statistics with sample sizes and 95 % intervals."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.excel import append_row, workbook_bytes
from gongzhi.surveys.models import Question, Response
from gongzhi.surveys.stats import percent, survey_statistics


def invitations_workbook(survey, invitations, link: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("邀请码")
    append_row(sheet, [survey.title])
    append_row(sheet, [_("扫码或打开链接答题，输入邀请码（每个码只能用一次）："), link])
    append_row(sheet, [_("邀请码"), _("社区")])
    for invitation in invitations:
        append_row(
            sheet, [invitation.code, invitation.community.name if invitation.community else ""]
        )
    return workbook_bytes(workbook)


def _shown(question, answer) -> str:
    if answer is None:
        return ""
    if question.kind == Question.Kind.TEXT:
        return answer.text
    if question.kind == Question.Kind.SCALE:
        return str(answer.score)
    return "、".join(question.choices[number - 1] for number in answer.choices)


def answers_table(survey):
    questions = list(survey.questions.all())
    headers = [_("序号"), _("提交时间"), _("社区"), _("网格")] + [q.text for q in questions]
    responses = Response.objects.filter(survey=survey).select_related("community", "grid")
    responses = responses.prefetch_related("answers").order_by("pk")
    rows = []
    for number, response in enumerate(responses, start=1):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        rows.append(
            [
                number,
                f"{timezone.localtime(response.submitted_at):%Y-%m-%d %H:%M}",
                response.community.name,
                response.grid.name if response.grid else "",
                *[_shown(q, by_question.get(q.pk)) for q in questions],
            ]
        )
    return _("答卷"), headers, rows


def statistics_table(survey):
    headers = [
        _("题目"),
        _("范围"),
        _("回答数"),
        _("选项/比率"),
        _("人数"),
        _("占比"),
        _("95% 区间"),
    ]
    rows = []
    for stats in survey_statistics(survey):
        text = stats.question.text
        for option in stats.options:
            rows.append(
                [
                    text,
                    _("全部"),
                    stats.answered,
                    option.label,
                    option.count,
                    percent(option.share),
                    "",
                ]
            )
        rates = [(_("全部"), stats.rate)] + list(stats.by_place.items()) if stats.rate else []
        for place, rate in rates:
            rows.append(
                [
                    text,
                    place,
                    rate.total,
                    _("比率"),
                    rate.positive,
                    rate.percent,
                    rate.interval_text,
                ]
            )
    return _("统计"), headers, rows
