"""Progress reports with evidence, and every step of their review."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import StoredFile
from gongzhi.core.validators import not_negative
from gongzhi.progress.querysets import EvidenceQuerySet, ReportQuerySet


class Report(models.Model):
    """A unit's report on one task: text, target actuals and evidence, reviewed up the chain."""

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PENDING = "pending", _("待审核")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已通过")

    task = models.ForeignKey("programs.Task", on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("上报单位"), on_delete=models.PROTECT, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reports"
    )
    text = models.TextField(_("进展情况"))
    claims_completion = models.BooleanField(
        _("申请认定完成"), default=False, help_text=_("勾选表示本单位承担的内容已全部完成")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    stage = models.PositiveSmallIntegerField(_("审核环节"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度上报")
        verbose_name_plural = _("进度上报")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["task", "unit", "state"], name="report_task_unit_state"),
            # a task's latest submitted report (the 台账 export) is the first entry read
            models.Index(fields=["task", "-submitted_at", "-id"], name="report_task_latest"),
            # the reports waiting for review, oldest first (我的待办's 待审核): read in order and
            # stopped at the first 20, where the office sorted 1.2 M pending reports (8.8 s)
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state="pending"),
                name="report_pending_oldest",
            ),
        ]

    def __str__(self):
        return _("%(unit)s 关于 %(task)s 的上报") % {"unit": self.unit, "task": self.task.label}

    def get_absolute_url(self):
        return reverse("progress:report-detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)


class TargetActual(models.Model):
    """The actual value a report gives for a target measured by hand."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="actuals")
    target = models.ForeignKey("programs.Target", on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(
        _("实际值"), max_digits=12, decimal_places=2, validators=[not_negative]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="actual_per_target"),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="actual_value_not_negative",
                violation_error_message=_("实际值不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.target_id}: {self.value}"


class Evidence(StoredFile):
    """A file attached to a report. Served only through views that check scope."""

    upload_folder = "evidence"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence")
    is_public = models.BooleanField(_("公开展示"), default=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["report", "pk"]

    @property
    def unit(self):
        return self.report.unit


class ReviewEvent(models.Model):
    """One step in a report's life: submitted, approved at a stage, or sent back."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        APPROVE = "approve", _("审核通过")
        RETURN = "return", _("退回")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    from_state = models.CharField(max_length=20, choices=Report.State.choices)
    to_state = models.CharField(max_length=20, choices=Report.State.choices)
    stage = models.PositiveSmallIntegerField(_("审核环节"))
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "pk"]
        # "not submitted by me" (a reviewer never reviews their own report), asked by the to-do
        # badge on every page: without it the check read all 22 M events at province (2.2 s).
        indexes = [
            models.Index(
                fields=["actor", "report"],
                condition=Q(action="submit"),
                name="review_submitted_by",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {self.actor}"


class ReviewStage(models.Model):
    """One reviewing unit of the chain a report was submitted into, in order. Written at each
    submission, so a later change to the unit tree or the program's office does not move
    reports already under review."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="review_stages")
    position = models.PositiveSmallIntegerField(_("审核环节"))
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("审核单位"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="review_stage_once"),
        ]
        indexes = [models.Index(fields=["unit", "position"], name="review_stage_unit")]

    def __str__(self):
        return f"{self.position + 1}. {self.unit}"


class Notification(models.Model):
    """An in-app inbox message; `key` makes each reminder unique per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey(
        "programs.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=100)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key"),
        ]

    def __str__(self):
        return self.title
