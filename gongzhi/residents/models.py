"""Residents' needs (诉求/需求): raised by a resident from a community's public page or recorded
by staff, accepted, matched to a resource (供需对接), handled, resolved within the category's
deadline in working days, and rated by the resident through a receipt code."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import BlindIndexField, PersonNameField, PhoneField
from gongzhi.core.models import StoredFile
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.roles import Role
from gongzhi.core.validators import DATE_BOUNDS

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out over the phone
RECEIPT_LENGTH = 8


def new_receipt_code() -> str:
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


class NeedCategoryQuerySet(ScopedQuerySet):
    # A region's categories are read across the region and kept by its program office.
    scope = Scope(owner="region__path", below=True)


class NeedCategory(models.Model):
    """A kind of need, with the working days allowed to resolve it and who handles it first."""

    region = models.ForeignKey(
        "orgs.Unit", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("类别"), max_length=50)
    response_days = models.PositiveSmallIntegerField(
        _("办理时限（工作日）"), default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    handler = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("默认办理单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("留空则由诉求所在社区办理。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = NeedCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求类别")
        verbose_name_plural = _("诉求类别")
        ordering = ["region", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="need_category_name"),
            models.CheckConstraint(
                condition=Q(response_days__gte=1),
                name="need_category_days_positive",
                violation_error_message=_("办理时限至少为 1 个工作日。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def unit(self):
        return self.region


class Holiday(models.Model):
    """A day of the national holiday arrangement: a public holiday, or a weekend day worked."""

    date = models.DateField(_("日期"), unique=True, validators=DATE_BOUNDS)
    is_workday = models.BooleanField(_("调休上班"), default=False)
    name = models.CharField(_("名称"), max_length=50)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class NeedQuerySet(ScopedQuerySet):
    # Kept by the community it was raised in and by the unit handling it (after a transfer); a
    # community reaches them by a UNION of ids (see Scope.union_for).
    scope = Scope(owner=("community__path", "handler__path"), union_for=(Role.COMMUNITY,))


# Need.OPEN, in its order: PostgreSQL uses a partial index for `state IN (…)` with the same list
OPEN_ONLY = Q(state__in=["submitted", "accepted", "matched", "in_progress"])


class Need(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        MATCHED = "matched", _("已匹配")
        IN_PROGRESS = "in_progress", _("办理中")
        RESOLVED = "resolved", _("已办结")
        RATED = "rated", _("已评价")
        REJECTED = "rejected", _("不予受理")

    class Channel(models.TextChoices):
        PUBLIC = "public", _("居民扫码提交")
        WALK_IN = "walk_in", _("来访")
        PHONE = "phone", _("来电")
        GRID_VISIT = "grid_visit", _("网格走访")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("一般")
        URGENT = "urgent", _("紧急")

    OPEN = (State.SUBMITTED, State.ACCEPTED, State.MATCHED, State.IN_PROGRESS)
    CLOSED = (State.RESOLVED, State.RATED, State.REJECTED)

    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="needs"
    )
    grid = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("网格"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        "orgs.Unit", verbose_name=_("办理单位"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        NeedCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="needs"
    )
    description = models.TextField(_("诉求内容"), max_length=1000)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    urgency = models.CharField(
        _("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    channel = models.CharField(_("来源"), max_length=12, choices=Channel.choices)
    resident_name = PersonNameField(_("居民姓名"), blank=True)
    resident_phone = PhoneField(_("联系电话"), blank=True, landline=True)
    phone_index = BlindIndexField(source="resident_phone")
    receipt_code = models.CharField(
        _("回执码"), max_length=RECEIPT_LENGTH, unique=True, default=new_receipt_code
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    due = models.DateField(_("办理时限"))
    resolution = models.CharField(_("办理结果"), max_length=500, blank=True)
    rejection_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度评分"), null=True, blank=True)
    rating_comment = models.CharField(_("评价"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民诉求")
        verbose_name_plural = _("居民诉求")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["handler", "state", "due"], name="need_handler_state"),
            models.Index(fields=["ip", "submitted_at"], name="need_public_rate"),
            # the lists' order: a page of the newest is read off the index, not sorted
            models.Index(fields=["-submitted_at", "-id"], name="need_newest"),
            # the to-dos' order (soonest deadline first) over open needs only: 待办理 by the
            # handling unit, 督办 over every unit below, each read off an index, not sorted
            models.Index(
                fields=["handler", "due", "id"], condition=OPEN_ONLY, name="need_open_mine"
            ),
            models.Index(fields=["due", "id"], condition=OPEN_ONLY, name="need_open_due"),
            # …and the same for a few communities (a street's 督办 at province: first_visible)
            models.Index(
                fields=["community", "due", "id"], condition=OPEN_ONLY, name="need_open_here"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="need_rating_one_to_five",
                violation_error_message=_("评分应为 1 到 5 分。"),
            ),
        ]

    def __str__(self):
        return _("诉求 %(code)s") % {"code": self.receipt_code}

    def get_absolute_url(self):
        return reverse("residents:need-detail", args=[self.pk])

    @property
    def unit(self):
        return self.community

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due < today


class NeedEvent(models.Model):
    """One step of a need: who moved it where, when, and what they said (the timeline)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("状态"), max_length=12, choices=Need.State.choices)
    step = models.CharField(_("环节"), max_length=30)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.step


class NeedMatch(models.Model):
    """A need matched to a resource (供需对接): a social organisation, a volunteer team, a
    charity donor's service, or a unit; made at a 供需对接会 or on the need's page."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches")
    organization = models.ForeignKey(
        "community.SocialOrganization",
        verbose_name=_("社会组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "community.VolunteerTeam",
        verbose_name=_("志愿服务队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    donor = models.ForeignKey(
        "community.Donor",
        verbose_name=_("爱心商家/慈善资源"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("供需对接会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="need_matches",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(_("对接时间"))

    RESOURCES = ("organization", "team", "donor", "unit")

    class Meta:
        verbose_name = _("供需对接")
        verbose_name_plural = _("供需对接")
        ordering = ["matched_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organization__isnull=False, team=None, donor=None, unit=None)
                    | Q(organization=None, team__isnull=False, donor=None, unit=None)
                    | Q(organization=None, team=None, donor__isnull=False, unit=None)
                    | Q(organization=None, team=None, donor=None, unit__isnull=False)
                ),
                name="need_match_one_resource",
                violation_error_message=_("请选择且只选择一项对接资源。"),
            ),
        ]

    def __str__(self):
        return str(self.resource)

    @property
    def resource(self):
        return next(getattr(self, name) for name in self.RESOURCES if getattr(self, f"{name}_id"))


class NeedPhotoQuerySet(ScopedQuerySet):
    scope = Scope(via="need")


class NeedPhoto(StoredFile):
    upload_folder = "needs"

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="photos")
    uploaded_by = models.ForeignKey(  # none when a resident sent it from the public page
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = NeedPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["need", "pk"]

    @property
    def unit(self):
        return self.need.community


class NeedTallyQuerySet(ScopedQuerySet):
    # The same rule as the needs it counts: a row is one community's needs handled by one unit.
    scope = Scope(owner=("community__path", "handler__path"))


class NeedTally(models.Model):
    """The needs board's totals for the needs of one community handled by one unit, counted on
    `as_of` (overdue is a matter of the day). Kept by `gongzhi.residents.tallies` in the
    transaction that changes a need; nobody edits them."""

    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.CASCADE, related_name="+"
    )
    handler = models.ForeignKey(
        "orgs.Unit", verbose_name=_("办理单位"), on_delete=models.CASCADE, related_name="+"
    )
    open = models.PositiveIntegerField(_("办理中"), default=0)
    overdue = models.PositiveIntegerField(_("已逾期"), default=0)
    closed = models.PositiveIntegerField(_("已办结"), default=0)
    as_of = models.DateField(_("统计日"), validators=DATE_BOUNDS)

    objects = NeedTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求统计")
        verbose_name_plural = _("诉求统计")
        indexes = [models.Index(fields=["as_of"], name="need_tally_as_of")]
        constraints = [
            models.UniqueConstraint(fields=["community", "handler"], name="need_tally_one_per_pair")
        ]

    def __str__(self):
        return f"{self.community_id}/{self.handler_id} {self.as_of:%Y-%m-%d}"
