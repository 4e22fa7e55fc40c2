"""Activities and meetings: who ran them, where and when, who came (QR or paper sign-in), the
minutes, and decisions followed up until closed."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import BlindIndexField, NameField, PhoneField
from gongzhi.core.models import StoredFile
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class Activity(models.Model):
    """An activity or meeting organised by a unit, usually in a community."""

    class Type(models.TextChoices):
        SUPPLY_DEMAND = "supply_demand", _("供需对接会")
        ETHNIC_CULTURE = "ethnic_culture", _("民族文化活动")
        VOLUNTEER = "volunteer", _("志愿服务活动")
        TRAINING = "training", _("培训")
        JOINT_MEETING = "joint_meeting", _("联席会议")
        FAMILY = "family", _("金婚盛典/最美家庭评选")
        PUBLICITY = "publicity", _("宣传")
        OTHER = "other", _("其他")

    title = NameField(_("名称"), max_length=200)
    type = OptionField(_("类型"), list_name="activity_type", db_index=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("主办单位"), on_delete=models.PROTECT, related_name="activities"
    )
    community = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("开展社区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_activities",
    )
    starts_at = models.DateTimeField(_("开始时间"), validators=DATE_BOUNDS)
    ends_at = models.DateTimeField(_("结束时间"), validators=DATE_BOUNDS)
    place = models.CharField(_("地点"), max_length=200)
    organisers = models.CharField(_("组织者"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        "community.SocialOrganization",
        verbose_name=_("合作社会组织"),
        blank=True,
        related_name="activities",
    )
    planned_attendance = models.PositiveIntegerField(_("计划人数"), default=0)
    minutes = models.TextField(_("会议纪要/活动记录"), blank=True)
    signin_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signin_open = models.BooleanField(_("开放扫码签到"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动与会议")
        verbose_name_plural = _("活动与会议")
        ordering = ["-starts_at", "-pk"]
        # the list's order: a page of the latest is read off the index, not sorted
        indexes = [models.Index(fields=["-starts_at", "-id"], name="activity_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="activity_ends_after_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:activity-detail", args=[self.pk])

    def signin_url(self) -> str:
        return reverse("activities:signin", args=[self.signin_token])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("结束时间不能早于开始时间。")})

    @property
    def signin_opens_at(self) -> datetime.datetime:
        """Sign-in opens a while before the start (GZ_SIGNIN_OPENS_BEFORE_MINUTES)."""
        return self.starts_at - datetime.timedelta(minutes=settings.GZ_SIGNIN_OPENS_BEFORE_MINUTES)

    @property
    def signin_not_yet_open(self) -> bool:
        return timezone.now() < self.signin_opens_at

    @property
    def signin_closed(self) -> bool:
        return not self.signin_open or timezone.now() > self.ends_at


# Built-in activity types; a county adds its own on /settings/lists/ (gongzhi.core.options).
register_list("activity_type", _("活动类型"), Activity.Type.choices)


class SignIn(models.Model):
    """One person at an activity: signed in by scanning its QR code, or entered by the
    organiser from the paper sign-in sheet (one per phone; a paper line may have no phone)."""

    class Source(models.TextChoices):
        QR = "qr", _("扫码签到")
        PAPER = "paper", _("纸质签到")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signins")
    name = NameField(_("姓名"), max_length=50)
    phone = PhoneField(_("手机号"), blank=True)
    phone_index = BlindIndexField(source="phone")
    affiliation = models.CharField(_("单位或住址"), max_length=100, blank=True)
    source = models.CharField(
        _("签到方式"), max_length=10, choices=Source.choices, default=Source.QR
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    signed_at = models.DateTimeField(_("签到时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "phone_index"],
                condition=~Q(phone_index=""),
                name="one_signin_per_phone",
                violation_error_message=_("该手机号已签到，无需重复签到。"),
            )
        ]
        indexes = [models.Index(fields=["activity", "ip", "signed_at"], name="signin_rate")]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.activity.unit


class DecisionQuerySet(ScopedQuerySet):
    # Kept by the meeting's organiser and by the unit responsible for carrying it out.
    scope = Scope(owner=("activity__unit__path", "owner__path"))


class Decision(models.Model):
    """A decision taken at a meeting, with an owner and a due date, followed up until closed."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("事项"), max_length=300)
    owner = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="decisions"
    )
    due = models.DateField(_("完成时限"), validators=DATE_BOUNDS)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closing_note = models.CharField(_("办结情况"), max_length=300, blank=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["due", "pk"]

    def __str__(self):
        return self.text

    @property
    def unit(self):
        return self.activity.unit


class ActivityPhotoQuerySet(ScopedQuerySet):
    scope = Scope(via="activity")


class ActivityPhoto(StoredFile):
    """A photo (or minutes scan) of an activity; checked by content like report evidence."""

    upload_folder = "activities"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")

    objects = ActivityPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        ordering = ["activity", "pk"]

    @property
    def unit(self):
        return self.activity.unit
