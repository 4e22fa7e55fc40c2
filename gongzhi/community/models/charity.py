"""Charity resources: donors and merchants, what they give, the 公益+低偿 / 公益+市场 services
they run in communities, and the 六个体系 / 五个机制 checklist of city task 7."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models.retirement import (
    Retirable,
    RetirableQuerySet,
    retirement_constraints,
)
from gongzhi.core.fields import BlindIndexField, NameField, PhoneField
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS, not_negative


class Donor(Retirable):
    retirement_slug = "donor"

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        MERCHANT = "merchant", _("辖区商家")
        FOUNDATION = "foundation", _("慈善组织/基金会")
        INDIVIDUAL = "individual", _("个人")
        OTHER = "other", _("其他")

    name = NameField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在社区（单位）"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = NameField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True, landline=True)
    contact_phone_index = BlindIndexField(source="contact_phone")

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("慈善资源（捐赠方/商家）")
        verbose_name_plural = _("慈善资源（捐赠方/商家）")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="donor_name_in_unit"),
            *retirement_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:donor-detail", args=[self.pk])


class Donation(Retirable):
    """A pledge or a gift of money, goods or services to a community."""

    retirement_slug = "donation"

    class Kind(models.TextChoices):
        MONEY = "money", _("资金")
        GOODS = "goods", _("物资")
        SERVICE = "service", _("服务")

    donor = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="donations")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("受赠社区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("金额/折价（元）"), max_digits=12, decimal_places=2, default=0, validators=[not_negative]
    )
    description = models.CharField(_("内容"), max_length=200)
    pledged_on = models.DateField(_("承诺日期"), validators=DATE_BOUNDS)
    received_on = models.DateField(_("到位日期"), null=True, blank=True, validators=DATE_BOUNDS)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("捐赠")
        verbose_name_plural = _("捐赠")
        ordering = ["-pledged_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="donation_amount_not_negative",
                violation_error_message=_("金额/折价不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=models.F("pledged_on")),
                name="donation_received_after_pledged",
                violation_error_message=_("到位日期不能早于承诺日期。"),
            ),
            *retirement_constraints(),
        ]

    def __str__(self):
        return f"{self.donor} · {self.description}"

    def get_absolute_url(self):
        return reverse("community:donor-detail", args=[self.donor_id])

    def edit_url(self):
        return reverse("community:donation-edit", args=[self.pk])

    def clean(self):
        if self.pledged_on and self.received_on and self.received_on < self.pledged_on:
            raise ValidationError({"received_on": _("到位日期不能早于承诺日期。")})


class CharityService(Retirable):
    """A service a merchant or charity runs in a community on a 公益+低偿 or 公益+市场 basis."""

    retirement_slug = "service"

    class Model(models.TextChoices):
        LOW_FEE = "low_fee", _("公益+低偿")
        MARKET = "market", _("公益+市场")
        FREE = "free", _("纯公益")

    provider = models.ForeignKey(Donor, on_delete=models.PROTECT, related_name="services")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("服务社区"), on_delete=models.PROTECT, related_name="+"
    )
    name = NameField(_("服务名称"), max_length=100)
    model = models.CharField(_("方式"), max_length=10, choices=Model.choices)
    since = models.DateField(_("开始日期"), validators=DATE_BOUNDS)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区服务（公益+）")
        verbose_name_plural = _("社区服务（公益+）")
        ordering = ["unit__path", "name"]
        constraints = retirement_constraints()

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:donor-detail", args=[self.provider_id])

    def edit_url(self):
        return reverse("community:service-edit", args=[self.pk])


class ChecklistQuerySet(ScopedQuerySet):
    scope = Scope(via="program")


class ChecklistPoint(models.Model):
    """One point of a program's checklist (task 7: 六个体系 and 五个机制), with its evidence."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="checklist"
    )
    group = models.CharField(_("类别"), max_length=20)
    name = models.CharField(_("要点"), max_length=50)
    order = models.PositiveSmallIntegerField(default=0)
    is_done = models.BooleanField(_("已建立"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="checklist/%Y/", blank=True)

    objects = ChecklistQuerySet.as_manager()

    class Meta:
        verbose_name = _("体系机制要点")
        verbose_name_plural = _("体系机制要点")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "group", "name"], name="checklist_point")
        ]

    def __str__(self):
        return f"{self.group} · {self.name}"

    @property
    def unit(self):
        return self.program.office_unit
