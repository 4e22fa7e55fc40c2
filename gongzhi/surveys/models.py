"""Surveys: awareness (知晓度) and satisfaction (满意度) surveys of a community or street, and
needs surveys by agencies. Questions in sections; answered from a public link or QR code, once
per respondent (a one-time invitation code, or a phone number kept only as a keyed hash)."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS

INVITATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_invitation_code() -> str:
    return "".join(secrets.choice(INVITATION_ALPHABET) for _ in range(8))


class Survey(models.Model):
    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("知晓度调查")
        SATISFACTION = "satisfaction", _("满意度调查")
        NEEDS = "needs", _("需求调研")

    class Identity(models.TextChoices):
        INVITATION = "invitation", _("一次性邀请码")
        PHONE = "phone", _("手机号（仅存加密摘要）")

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="surveys"
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("所属项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    intro = models.TextField(_("说明"), blank=True)
    opens_on = models.DateField(_("开始日期"), validators=DATE_BOUNDS)
    closes_on = models.DateField(_("截止日期"), validators=DATE_BOUNDS)
    identity = models.CharField(
        _("防重复方式"), max_length=12, choices=Identity.choices, default=Identity.PHONE
    )
    public_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
                violation_error_message=_("截止日期不能早于开始日期。"),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:survey-detail", args=[self.pk])

    def public_url(self) -> str:
        return reverse("surveys:answer", args=[self.public_token])

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("截止日期不能早于开始日期。")})

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class QuestionQuerySet(ScopedQuerySet):
    scope = Scope(via="survey")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTIPLE = "multiple", _("多选")
        SCALE = "scale", _("评分（1–5）")
        TEXT = "text", _("填空")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.CharField(_("部分"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.CharField(_("题目"), max_length=300)
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("必答"), default=True)
    choices = models.JSONField(_("选项"), default=list, blank=True)
    # Which answers count as positive for the question's rate (知晓 / 满意): option numbers for
    # a choice question (from 1), the lowest score that counts for a scale.
    positive = models.JSONField(_("计入比率的选项"), default=list, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text

    @property
    def has_rate(self) -> bool:
        return bool(self.positive) and self.kind != self.Kind.TEXT

    def counts_as_positive(self, value) -> bool:
        if self.kind == self.Kind.SCALE:
            return value is not None and value >= min(self.positive)
        if self.kind == self.Kind.SINGLE:
            return value in self.positive
        if self.kind == self.Kind.MULTIPLE:
            return bool(set(value or ()) & set(self.positive))
        return False


class InvitationQuerySet(ScopedQuerySet):
    scope = Scope(via="survey")


class Invitation(models.Model):
    """A one-time code handed to one respondent (printed on a slip, or sent by a grid worker)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(max_length=8, unique=True, default=new_invitation_code)
    community = models.ForeignKey(
        "orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("邀请码")
        verbose_name_plural = _("邀请码")
        ordering = ["survey", "pk"]

    def __str__(self):
        return self.code


class ResponseQuerySet(ScopedQuerySet):
    scope = Scope(via="survey")


class Response(models.Model):
    """One respondent's answers. Nothing personal is kept: the phone only as a keyed hash, to
    refuse a second answer from the same number."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone_hash = models.CharField(max_length=64, blank=True)
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "phone_hash"],
                condition=~Q(phone_hash=""),
                name="one_response_per_phone",
                violation_error_message=_("该手机号已提交过答卷。"),
            )
        ]
        indexes = [models.Index(fields=["survey", "ip", "submitted_at"], name="response_rate")]

    def __str__(self):
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choices = models.JSONField(default=list, blank=True)  # option numbers, from 1
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)
    # Whether it counts towards the question's rate (知晓 / 满意); None for questions without one.
    positive = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self):
        return str(self.pk)

    @property
    def value(self):
        kind = self.question.kind
        if kind == Question.Kind.SCALE:
            return self.score
        if kind == Question.Kind.SINGLE:
            return self.choices[0] if self.choices else None
        if kind == Question.Kind.MULTIPLE:
            return self.choices
        return self.text
