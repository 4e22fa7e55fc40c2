"""Writes for surveys: the survey and its questions (locked once answered), invitation codes,
and a respondent's answers — checked, once per respondent, all or nothing."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.crypto import blind_index
from gongzhi.core.normalize import check_phone, fold, strip_text
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.surveys.models import Answer, Invitation, Question, Response, Survey
from gongzhi.surveys.selectors import communities_of

MAX_INVITATIONS = 2000


class TooManyResponses(Exception):
    """Too many answers from one address within the hour."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _numbers(text: str, label: str) -> list[int]:
    parts = [part for part in (text or "").replace("，", ",").split(",") if part.strip()]
    try:
        return sorted({int(part) for part in parts})
    except ValueError as error:
        raise ValidationError(
            {"positive": _("%(label)s应为数字，用逗号分隔。") % {"label": label}}
        ) from error


def question_add(
    *, actor, survey: Survey, text, kind, section="", required=True, choices="", positive=""
):
    """Add a question; `choices` one option a line; `positive` the option numbers (or, for a
    scale, the lowest score) that count towards the question's rate."""
    require_perm(actor, Perm.MANAGE_SURVEYS, survey.unit)
    if survey.responses.exists():
        raise ValidationError(_("问卷已有答卷，不能再修改题目。"))
    options = _lines(choices) if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) else []
    if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(options) < 2:
        raise ValidationError({"choices": _("选择题至少需要两个选项，每行一个。")})
    counted = _numbers(positive, _("计入比率的选项")) if kind != Question.Kind.TEXT else []
    top = 5 if kind == Question.Kind.SCALE else len(options)
    if kind == Question.Kind.SCALE and len(counted) > 1:
        raise ValidationError({"positive": _("评分题请填写一个最低分，例如 4。")})
    if any(number < 1 or number > top for number in counted):
        raise ValidationError({"positive": _("选项编号应在 1 到 %(top)s 之间。") % {"top": top}})
    question = Question(
        survey=survey,
        text=strip_text(text),
        kind=kind,
        section=strip_text(section),
        required=required,
        choices=options,
        positive=counted,
        order=survey.questions.count() + 1,
    )
    question.full_clean()
    with transaction.atomic():
        question.save()
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=question,
            unit=survey.unit,
            after=snapshot(question),
        )
    return question


def invitations_make(*, actor, survey: Survey, count: int, community=None) -> list[Invitation]:
    require_perm(actor, Perm.MANAGE_SURVEYS, survey.unit)
    if not 1 <= count <= MAX_INVITATIONS:
        raise ValidationError(
            {"count": _("一次可生成 1 到 %(max)s 个邀请码。") % {"max": MAX_INVITATIONS}}
        )
    if community is not None and not communities_of(survey).filter(pk=community.pk).exists():
        raise ValidationError({"community": _("社区须在问卷的组织单位内。")})
    with transaction.atomic():
        made = Invitation.objects.bulk_create(
            [Invitation(survey=survey, community=community) for _ in range(count)]
        )
        audit_record(
            actor=actor,
            action=Action.CREATE,
            obj=survey,
            message=_("生成邀请码 %(count)s 个") % {"count": count},
        )
    return made


# --- answering ---------------------------------------------------------------------------------


def response_submit(
    *, survey: Survey, answers: dict, community, grid=None, phone="", code="", ip=None
):
    """Store one respondent's answers (question id → raw value), once per respondent."""
    if not survey.is_open():
        raise ValidationError(_("问卷不在开放时间内。"))
    _check_rate(survey, ip)
    if not communities_of(survey).filter(pk=community.pk).exists():
        raise ValidationError({"community": _("请选择问卷范围内的社区。")})
    response = Response(
        survey=survey, community=community, grid=grid, ip=ip, submitted_at=timezone.now()
    )
    invitation = _identify(survey, response, phone, code)
    rows = [_answer(question, answers.get(question.pk)) for question in survey.questions.all()]
    try:
        with transaction.atomic():
            if invitation is not None:
                claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
                    used_at=response.submitted_at
                )
                if not claimed:
                    raise ValidationError({"code": _("该邀请码已使用。")})
                response.invitation = invitation
            response.save()
            for answer in rows:
                if answer is not None:
                    answer.response = response
            Answer.objects.bulk_create([answer for answer in rows if answer is not None])
    except IntegrityError as error:  # the same phone twice at once: the database keeps one
        raise ValidationError({"phone": _("该手机号已提交过答卷。")}) from error
    return response


def _check_rate(survey, ip):
    if not ip:
        return
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = Response.objects.filter(survey=survey, ip=ip, submitted_at__gte=since).count()
    if recent >= settings.GZ_SURVEY_RESPONSES_PER_ADDRESS_PER_HOUR:
        raise TooManyResponses


def _identify(survey, response, phone, code):
    if survey.identity == Survey.Identity.INVITATION:
        invitation = Invitation.objects.filter(survey=survey, code=strip_text(code).upper()).first()
        if invitation is None:
            raise ValidationError({"code": _("邀请码无效，请核对。")})
        if invitation.used_at is not None:
            raise ValidationError({"code": _("该邀请码已使用。")})
        return invitation
    phone = fold(phone)
    if not phone:
        raise ValidationError({"phone": _("请填写手机号。")})
    check_phone(phone, label=_("手机号"))
    response.phone_hash = blind_index(phone)
    if Response.objects.filter(survey=survey, phone_hash=response.phone_hash).exists():
        raise ValidationError({"phone": _("该手机号已提交过答卷。")})
    return None


def _answer(question: Question, raw):
    """The answer to one question, checked (None when an optional question was skipped)."""
    field = f"q{question.pk}"
    values = [
        value for value in (raw if isinstance(raw, list) else [raw]) if value not in (None, "")
    ]
    if not values:
        if question.required:
            raise ValidationError({field: _("请回答：%(text)s") % {"text": question.text}})
        return None
    if question.kind == Question.Kind.TEXT:
        return Answer(question=question, text=strip_text(str(values[0]))[:500])
    try:
        numbers = sorted({int(value) for value in values})
    except (TypeError, ValueError) as error:
        raise ValidationError(
            {field: _("“%(text)s”的回答无效。") % {"text": question.text}}
        ) from error
    top = 5 if question.kind == Question.Kind.SCALE else len(question.choices)
    single = question.kind in (Question.Kind.SINGLE, Question.Kind.SCALE)
    if (single and len(numbers) != 1) or any(n < 1 or n > top for n in numbers):
        raise ValidationError({field: _("“%(text)s”的回答无效。") % {"text": question.text}})
    if question.kind == Question.Kind.SCALE:
        answer = Answer(question=question, score=numbers[0])
    else:
        answer = Answer(question=question, choices=numbers)
    answer.positive = question.counts_as_positive(answer.value) if question.has_rate else None
    return answer
