"""Social workers (with qualifications, exams and trainings) and volunteers (with teams and
confirmed service hours). Phones and ID numbers are encrypted and shown masked."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models.retirement import (
    Retirable,
    RetirableQuerySet,
    retirement_constraints,
)
from gongzhi.core.fields import (
    BlindIndexField,
    IdNumberField,
    NameField,
    PhoneField,
    SensitiveTextField,
)
from gongzhi.core.kinds import COMMUNITY_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS, YEAR_BOUNDS, not_negative

# A social worker is employed by an agency, or, as a certified community worker, by a community
# or a street: so a community registers its own social workers.
EMPLOYER_KINDS = frozenset({UnitKind.AGENCY}) | COMMUNITY_KINDS | STREET_KINDS


class WorkerQuerySet(RetirableQuerySet):
    # Kept by the employer; the communities a worker serves read the record too.
    scope = Scope(owner="unit__path", also=("communities__path",))


class SocialWorker(Retirable):
    """A professional social worker, employed by an agency, a community or a street (its unit).
    The communities served read the record; the employer keeps it."""

    retirement_slug = "worker"

    class Qualification(models.TextChoices):
        NONE = "none", _("无")
        ASSISTANT = "assistant", _("助理社会工作师")
        SOCIAL_WORKER = "social_worker", _("社会工作师")
        SENIOR = "senior", _("高级社会工作师")

    name = NameField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属机构"),
        on_delete=models.PROTECT,
        related_name="social_workers",
    )
    phone = PhoneField(_("手机号"), blank=True)
    phone_index = BlindIndexField(source="phone")
    qualification = models.CharField(
        _("职业资格"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    communities = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("服务社区"), blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("在岗"), default=True)

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("专业社会工作者")
        verbose_name_plural = _("专业社会工作者")
        ordering = ["unit__path", "name"]
        constraints = retirement_constraints()

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:worker-detail", args=[self.pk])


class ExamRecord(models.Model):
    """A registration for the social-work qualification exam, and its result."""

    class Result(models.TextChoices):
        REGISTERED = "registered", _("已报名")
        PASSED = "passed", _("通过")
        FAILED = "failed", _("未通过")

    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="exams")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_BOUNDS)
    level = models.CharField(
        _("报考等级"), max_length=20, choices=SocialWorker.Qualification.choices[1:]
    )
    result = models.CharField(_("结果"), max_length=20, choices=Result.choices)

    class Meta:
        verbose_name = _("考试记录")
        verbose_name_plural = _("考试记录")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "year", "level"], name="exam_once_a_year")
        ]

    def __str__(self):
        return f"{self.year} {self.get_level_display()} {self.get_result_display()}"

    @property
    def unit(self):
        return self.worker.unit


class TrainingRecord(models.Model):
    worker = models.ForeignKey(SocialWorker, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("培训名称"), max_length=200)
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    hours = models.DecimalField(
        _("学时"), max_digits=5, decimal_places=1, validators=[not_negative]
    )

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0),
                name="training_hours_not_negative",
                violation_error_message=_("学时不能为负数。"),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def unit(self):
        return self.worker.unit


class VolunteerTeam(Retirable):
    retirement_slug = "team"

    name = NameField(_("队伍名称"), max_length=100)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+"
    )

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="team_name_in_unit"),
            *retirement_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:team-edit", args=[self.pk])


class Volunteer(Retirable):
    """A community volunteer. Phone and ID number are encrypted; the phone identifies them."""

    retirement_slug = "volunteer"

    name = NameField(_("姓名"), max_length=50)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所属社区"), on_delete=models.PROTECT, related_name="volunteers"
    )
    phone = PhoneField(_("手机号"))
    phone_index = BlindIndexField(source="phone")
    id_number = IdNumberField(_("身份证号"), blank=True)
    id_number_index = BlindIndexField(source="id_number")
    # 同心工作站 serves ethnic-minority residents and their volunteers; disability matters for
    # 助残 service and for arranging a volunteer's own duties. Sensitive (PIPL art. 28): kept
    # encrypted, shown *** until revealed with a reason.
    ethnicity = SensitiveTextField(_("民族"), blank=True, max_chars=20)
    disability = SensitiveTextField(_("残疾情况"), blank=True)
    skills = models.CharField(_("特长"), max_length=200, blank=True)
    teams = models.ManyToManyField(VolunteerTeam, verbose_name=_("所在队伍"), blank=True)
    is_active = models.BooleanField(_("在册"), default=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "phone_index"],
                name="volunteer_phone_in_unit",
                violation_error_message=_("本社区已登记该手机号的志愿者。"),
            ),
            *retirement_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:volunteer-detail", args=[self.pk])


class VolunteerHoursQuerySet(ScopedQuerySet):
    # Logged by the volunteer's community or the activity's organiser, who confirms them.
    scope = Scope(owner=("volunteer__unit__path", "activity__unit__path"))

    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class VolunteerHours(models.Model):
    """Service hours, logged by the volunteer's community or the organiser, confirmed by the
    organiser before they count."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("活动"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="volunteer_hours",
    )
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    hours = models.DecimalField(_("时长（小时）"), max_digits=5, decimal_places=1)
    description = models.CharField(_("服务内容"), max_length=200, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    objects = VolunteerHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿服务时长")
        verbose_name_plural = _("志愿服务时长")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24),
                name="hours_within_a_day",
                violation_error_message=_("时长应大于 0 且不超过 24 小时。"),
            )
        ]

    def __str__(self):
        return f"{self.volunteer} {self.date:%Y-%m-%d} {self.hours}h"

    @property
    def unit(self):
        return self.volunteer.unit
