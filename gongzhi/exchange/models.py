"""Records exchanged with the city's 好德行 platform, each named there by its 好德行 id: the
community's service items (服务事项), handled matters (办理事项, linked to the residents' need
they came from) and volunteer points (志愿积分, linked to the community's volunteer).

Every record is kept by its community and read by the units above it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import PhoneField
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class ExchangeQuerySet(ScopedQuerySet):
    scope = Scope(owner="community__path")


class Exchanged(models.Model):
    hdx_id = models.CharField(_("好德行编号"), max_length=64, unique=True)
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def unit(self):
        return self.community


class ServiceItem(Exchanged):
    class Category(models.TextChoices):
        ELDERLY = "elderly", _("养老服务")
        CHILDREN = "children", _("儿童托育")
        HEALTH = "health", _("医疗健康")
        LEGAL = "legal", _("法律服务")
        EMPLOYMENT = "employment", _("就业服务")
        CONVENIENCE = "convenience", _("便民服务")
        CULTURE = "culture", _("文体活动")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在办")
        SUSPENDED = "suspended", _("暂停")
        CLOSED = "closed", _("停办")

    name = models.CharField(_("事项名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    provider = models.CharField(_("提供单位"), max_length=100)
    contact = PhoneField(_("联系电话"), blank=True, landline=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    opening_hours = models.CharField(_("服务时间"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["community__path", "hdx_id"]

    def __str__(self):
        return self.name


class HandledMatter(Exchanged):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("办理中")
        DONE = "done", _("已办结")
        REJECTED = "rejected", _("不予办理")

    title = models.CharField(_("事项"), max_length=200)
    requested_on = models.DateField(_("申请日期"), validators=DATE_BOUNDS)
    handled_on = models.DateField(_("办结日期"), null=True, blank=True, validators=DATE_BOUNDS)
    result = models.CharField(_("办理结果"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices)
    need = models.ForeignKey(
        "residents.Need",
        verbose_name=_("居民诉求"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("办理事项")
        verbose_name_plural = _("办理事项")
        ordering = ["community__path", "hdx_id"]

    def __str__(self):
        return self.title


class VolunteerPoint(Exchanged):
    volunteer_ref = models.CharField(_("志愿者标识"), max_length=64)
    volunteer = models.ForeignKey(
        "community.Volunteer",
        verbose_name=_("志愿者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    points = models.IntegerField(_("积分"))
    reason = models.CharField(_("事由"), max_length=200)
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)

    class Meta:
        verbose_name = _("志愿积分")
        verbose_name_plural = _("志愿积分")
        ordering = ["community__path", "hdx_id"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.points}"
