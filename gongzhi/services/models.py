"""Purchased services (政府购买服务): the project a street or community buys from a social-work
agency, its agreement and deliverables, the social workers' service log, and the agency's
reports reviewed up the chain (community confirms, street reviews, office accepts).

A project is kept by its buyer unit and read by its agency; the log is kept by the agency and
read by the buyer. Budgets, fund sources and supervision visits attach to the project later.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import StoredFile
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.review import Reviewed, ReviewEventBase, ReviewStageBase, stage_rules
from gongzhi.core.validators import DATE_BOUNDS, not_negative


class PurchaseMethod(models.TextChoices):
    OPEN_TENDER = "open_tender", _("公开招标")
    NEGOTIATION = "negotiation", _("竞争性磋商")
    SINGLE_SOURCE = "single_source", _("单一来源")
    INQUIRY = "inquiry", _("询价")
    OTHER = "other", _("其他")


class ServiceKind(models.TextChoices):
    CASE = "case", _("个案")
    GROUP = "group", _("小组")
    COMMUNITY_ACTIVITY = "community_activity", _("社区活动")
    NEEDS_SURVEY = "needs_survey", _("需求调研")
    TRAINING = "training", _("培训")
    VOLUNTEER_TRAINING = "volunteer_training", _("志愿者培训")
    INCUBATION = "incubation", _("孵化社会组织")
    OTHER = "other", _("其他")


# Built-in values; a county adds its own on /settings/lists/ (gongzhi.core.options).
register_list("purchase_method", _("购买方式"), PurchaseMethod.choices)
register_list("service_kind", _("服务类型"), ServiceKind.choices)


class ProjectQuerySet(ScopedQuerySet):
    # Kept by the buyer (and the units above it); read by the agency that delivers it.
    scope = Scope(owner="buyer__path", also=("agency__path",))


class ServiceProject(models.Model):
    """A service a street or community buys from an agency under an agreement."""

    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("所属项目"),
        on_delete=models.PROTECT,
        related_name="service_projects",
    )
    pilot = models.ForeignKey(
        "programs.Pilot",
        verbose_name=_("特色社区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_projects",
    )
    buyer = models.ForeignKey(
        "orgs.Unit", verbose_name=_("购买单位"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("项目名称"), max_length=200)
    method = OptionField(_("购买方式"), list_name="purchase_method")
    agency = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("承接机构"),
        on_delete=models.PROTECT,
        related_name="service_projects",
    )
    agreement_number = models.CharField(_("协议编号"), max_length=100, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True, validators=DATE_BOUNDS)
    amount = models.DecimalField(
        _("协议金额（元）"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[not_negative],
    )
    starts_on = models.DateField(_("服务开始日期"), validators=DATE_BOUNDS)
    ends_on = models.DateField(_("服务结束日期"), validators=DATE_BOUNDS)
    service_plan = models.TextField(_("服务计划"), blank=True)
    implementation_plan = models.TextField(_("实施方案"), blank=True)
    venue_commitment = models.TextField(
        _("场地和设备保障"), blank=True, help_text=_("购买社区提供的办公场地和相关设备")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务项目")
        verbose_name_plural = _("服务项目")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="service_period_in_order",
                violation_error_message=_("服务结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="service_amount_not_negative",
                violation_error_message=_("协议金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("services:project-detail", args=[self.pk])

    @property
    def unit(self):
        return self.buyer

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("服务结束日期不能早于开始日期。")})


class ProjectFileQuerySet(ScopedQuerySet):
    scope = Scope(via="project")


class AgreementFile(StoredFile):
    """The signed agreement (a scan or PDF), kept as evidence."""

    upload_folder = "services"

    project = models.ForeignKey(
        ServiceProject, on_delete=models.CASCADE, related_name="agreement_files"
    )

    objects = ProjectFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("协议文件")
        verbose_name_plural = _("协议文件")
        ordering = ["project", "pk"]

    @property
    def unit(self):
        return self.project.buyer


class Deliverable(models.Model):
    """A target of the agreement, counted from the service log: how many services of a kind
    (all kinds when none), how many beneficiaries (人次) or how many hours."""

    class Measure(models.TextChoices):
        SERVICES = "services", _("服务次数")
        BENEFICIARIES = "beneficiaries", _("受益人次")
        HOURS = "hours", _("服务时长（小时）")

    project = models.ForeignKey(
        ServiceProject, on_delete=models.CASCADE, related_name="deliverables"
    )
    name = models.CharField(_("产出指标"), max_length=100)
    kind = OptionField(
        _("服务类型"), list_name="service_kind", blank=True, help_text=_("不选则计全部类型")
    )
    measure = models.CharField(
        _("计量"), max_length=20, choices=Measure.choices, default=Measure.SERVICES
    )
    target = models.DecimalField(
        _("目标值"), max_digits=10, decimal_places=1, validators=[not_negative]
    )

    objects = ProjectFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("产出指标")
        verbose_name_plural = _("产出指标")
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="deliverable_target_not_negative",
                violation_error_message=_("目标值不能为负数。"),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.project.buyer


class LogQuerySet(ScopedQuerySet):
    # Kept by the agency; read by the buyer and the community served.
    scope = Scope(owner="project__agency__path", also=("project__buyer__path", "community__path"))


class ServiceLog(models.Model):
    """One service a social worker gave: a case visit, a group session, an activity…"""

    project = models.ForeignKey(
        ServiceProject, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="logs"
    )
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("服务社区"), on_delete=models.PROTECT, related_name="+"
    )
    worker = models.ForeignKey(
        "community.SocialWorker",
        verbose_name=_("社工"),
        on_delete=models.PROTECT,
        related_name="service_logs",
    )
    kind = OptionField(_("服务类型"), list_name="service_kind", db_index=True)
    date = models.DateField(_("服务日期"), validators=DATE_BOUNDS)
    beneficiaries = models.PositiveIntegerField(_("受益人次"), default=0)
    hours = models.DecimalField(
        _("服务时长（小时）"), max_digits=5, decimal_places=1, validators=[not_negative]
    )
    description = models.TextField(_("服务内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LogQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["project", "date"], name="service_log_project_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="service_hours_not_negative",
                violation_error_message=_("服务时长不能为负数。"),
            )
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("services:project-detail", args=[self.project_id])

    @property
    def unit(self):
        return self.project.agency


class LogPhotoQuerySet(ScopedQuerySet):
    scope = Scope(via="log")


class LogPhoto(StoredFile):
    """A photo (sign-in sheet, activity picture) of a service, checked by its content."""

    upload_folder = "services"

    log = models.ForeignKey(ServiceLog, on_delete=models.CASCADE, related_name="photos")

    objects = LogPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务照片")
        verbose_name_plural = _("服务照片")
        ordering = ["log", "pk"]

    @property
    def unit(self):
        return self.log.project.agency


class ReportQuerySet(ScopedQuerySet):
    scope = Scope(via="project")


class ServiceReport(Reviewed):
    """The agency's plan, mid-term or final report on a project, with its service statistics
    (computed from the log over the period, kept as submitted)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("服务计划报告")
        MIDTERM = "midterm", _("中期报告")
        FINAL = "final", _("末期报告")

    project = models.ForeignKey(
        ServiceProject, verbose_name=_("服务项目"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices)
    period_start = models.DateField(_("统计开始日期"), validators=DATE_BOUNDS)
    period_end = models.DateField(_("统计截止日期"), validators=DATE_BOUNDS)
    text = models.TextField(_("报告内容"))
    statistics = models.JSONField(_("服务统计"), default=dict, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务报告")
        verbose_name_plural = _("服务报告")
        ordering = ["project", "period_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                name="service_report_once_per_kind",
                violation_error_message=_("该项目已有这一类型的报告。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="service_report_period_in_order",
                violation_error_message=_("统计截止日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.project.title} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("services:report-detail", args=[self.pk])

    @property
    def unit(self):
        return self.project.agency


class ServiceReviewStage(ReviewStageBase):
    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="stages")

    class Meta(ReviewStageBase.Meta):
        ordering = ["report", "position"]
        constraints, indexes = stage_rules("service")


class ServiceReviewEvent(ReviewEventBase):
    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="events")


class EvidenceQuerySet(ScopedQuerySet):
    scope = Scope(via="report")


class ReportEvidence(StoredFile):
    """A file attached to an agency report."""

    upload_folder = "services"

    report = models.ForeignKey(ServiceReport, on_delete=models.CASCADE, related_name="evidence")

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告佐证材料")
        verbose_name_plural = _("报告佐证材料")
        ordering = ["report", "pk"]

    @property
    def unit(self):
        return self.report.project.agency
