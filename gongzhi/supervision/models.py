"""Third-party supervision of purchased services: which third party supervises a project, its
visits with the rectification items they set (followed until the third party confirms them
closed), and its evaluation and audit reports, reviewed by the street and accepted by the office.

Records are kept by the third party and read by the project's buyer (and the units above it)
and its agency; an item is read by the unit that must fix it too.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.models import StoredFile
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.review import Reviewed, ReviewEventBase, ReviewStageBase, stage_rules
from gongzhi.core.validators import DATE_BOUNDS


class AssignmentQuerySet(ScopedQuerySet):
    scope = Scope(owner="project__buyer__path", also=("third_party__path", "project__agency__path"))


class SupervisionAssignment(models.Model):
    """A third party set to supervise a project, by the office or the buyer; ended (with a
    reason) when it no longer supervises it, its visits and reports kept."""

    project = models.ForeignKey(
        "services.ServiceProject",
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    third_party = models.ForeignKey(
        "orgs.Unit", verbose_name=_("第三方机构"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=300, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("监督委托")
        verbose_name_plural = _("监督委托")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "third_party"],
                name="supervision_assignment_once",
                violation_error_message=_("该第三方机构已受托监督这个项目。"),
            )
        ]

    def __str__(self):
        return f"{self.project} · {self.third_party}"

    @property
    def unit(self):
        return self.project.buyer

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class VisitQuerySet(ScopedQuerySet):
    scope = Scope(owner="third_party__path", also=("project__buyer__path", "project__agency__path"))


class Visit(models.Model):
    """A supervision visit to a project and what the third party found."""

    project = models.ForeignKey(
        "services.ServiceProject",
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    third_party = models.ForeignKey(
        "orgs.Unit", verbose_name=_("第三方机构"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("督导日期"), validators=DATE_BOUNDS)
    findings = models.TextField(_("督导发现"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导记录")
        verbose_name_plural = _("督导记录")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.project} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("supervision:visit-detail", args=[self.pk])

    @property
    def unit(self):
        return self.third_party


class ItemQuerySet(ScopedQuerySet):
    scope = Scope(
        owner="visit__third_party__path",
        also=("owner__path", "visit__project__buyer__path", "visit__project__agency__path"),
    )

    def open(self):
        return self.exclude(state=Rectification.State.CLOSED)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)


class Rectification(models.Model):
    """What a visit asks a unit to put right by a date: the unit records how it fixed it, the
    third party confirms it closed (or reopens it)."""

    class State(models.TextChoices):
        OPEN = "open", _("待整改")
        FIXED = "fixed", _("已整改待确认")
        CLOSED = "closed", _("已销号")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    what = models.TextField(_("整改事项"))
    owner = models.ForeignKey(
        "orgs.Unit", verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("整改期限"), validators=DATE_BOUNDS)
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.OPEN, db_index=True
    )
    fix = models.TextField(_("整改情况"), blank=True)
    fixed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "state"], name="rectification_owner_state")]

    def __str__(self):
        return self.what[:50]

    def get_absolute_url(self):
        return reverse("supervision:visit-detail", args=[self.visit_id])

    @property
    def unit(self):
        return self.visit.third_party

    def is_overdue(self, today=None) -> bool:
        return self.state != self.State.CLOSED and self.due_on < (today or clock.today())


class ReportQuerySet(ScopedQuerySet):
    scope = Scope(owner="third_party__path", also=("project__buyer__path", "project__agency__path"))


class SupervisionReport(Reviewed):
    """A third party's evaluation (mid-term or final, with a score) or audit report."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("中期评估报告")
        FINAL = "final", _("末期评估报告")
        AUDIT = "audit", _("审计报告")

    project = models.ForeignKey(
        "services.ServiceProject",
        verbose_name=_("服务项目"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    third_party = models.ForeignKey(
        "orgs.Unit", verbose_name=_("第三方机构"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices)
    score = models.DecimalField(
        _("评估得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    text = models.TextField(_("报告内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("第三方报告")
        verbose_name_plural = _("第三方报告")
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "third_party", "kind"],
                name="supervision_report_once_per_kind",
                violation_error_message=_("该项目已有这一类型的报告。"),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="supervision_score_in_range",
                violation_error_message=_("评估得分须在 0 到 100 之间。"),
            ),
        ]

    def __str__(self):
        return f"{self.project} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("supervision:report-detail", args=[self.pk])

    @property
    def unit(self):
        return self.third_party

    @property
    def is_evaluation(self) -> bool:
        return self.kind != self.Kind.AUDIT


class SupervisionReviewStage(ReviewStageBase):
    report = models.ForeignKey(SupervisionReport, on_delete=models.CASCADE, related_name="stages")

    class Meta(ReviewStageBase.Meta):
        ordering = ["report", "position"]
        constraints, indexes = stage_rules("supervision")


class SupervisionReviewEvent(ReviewEventBase):
    report = models.ForeignKey(SupervisionReport, on_delete=models.CASCADE, related_name="events")


class ReportFileQuerySet(ScopedQuerySet):
    scope = Scope(via="report")


class ReportFile(StoredFile):
    """A file attached to a third party's report."""

    upload_folder = "supervision"

    report = models.ForeignKey(SupervisionReport, on_delete=models.CASCADE, related_name="files")

    objects = ReportFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告附件")
        verbose_name_plural = _("报告附件")
        ordering = ["report", "pk"]

    @property
    def unit(self):
        return self.report.third_party


class VisitFileQuerySet(ScopedQuerySet):
    scope = Scope(via="visit")


class VisitFile(StoredFile):
    """A photo or document taken on a visit."""

    upload_folder = "supervision"

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="files")

    objects = VisitFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("督导附件")
        verbose_name_plural = _("督导附件")
        ordering = ["visit", "pk"]

    @property
    def unit(self):
        return self.visit.third_party
