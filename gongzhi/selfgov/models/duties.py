"""The three duty lists (依法履职事项 / 协助办理事项 / 工作负面事项): a region's template, each
community's adopted lists with its local changes, and requests refused under the negative list."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class DutyKind(models.TextChoices):
    LAWFUL = "lawful", _("依法履职事项")
    ASSIST = "assist", _("协助办理事项")
    NEGATIVE = "negative", _("工作负面事项")


class TemplateQuerySet(ScopedQuerySet):
    # Kept by the region (the city's civil affairs office); read by every unit inside it.
    scope = Scope(owner="region__path", below=True)


class DutyTemplateItem(models.Model):
    """An item of the region's template list, with its legal basis."""

    region = models.ForeignKey(
        "orgs.Unit", verbose_name=_("制定地区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("清单"), max_length=20, choices=DutyKind.choices)
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("事项"), max_length=300)
    basis = models.CharField(_("法律依据"), max_length=300)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单模板事项")
        verbose_name_plural = _("清单模板事项")
        ordering = ["region__path", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "number"],
                name="selfgov_template_number",
                violation_error_message=_("该清单已有这个序号。"),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text}"

    def get_absolute_url(self):
        return reverse("selfgov:template-list")

    @property
    def unit(self):
        return self.region


class DutyList(models.Model):
    """One of a community's three lists, as adopted (template items kept, local ones added)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("清单"), max_length=20, choices=DutyKind.choices)
    adopted_on = models.DateField(_("采用日期"), validators=DATE_BOUNDS)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区清单")
        verbose_name_plural = _("社区清单")
        ordering = ["unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"],
                name="selfgov_duty_list_once",
                violation_error_message=_("该社区已采用这份清单。"),
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("selfgov:duty-detail", args=[self.pk])


class DutyItemQuerySet(ScopedQuerySet):
    scope = Scope(via="duty_list")


class DutyItem(models.Model):
    """An item of a community's list: from the template (`source`) or added locally."""

    duty_list = models.ForeignKey(DutyList, on_delete=models.CASCADE, related_name="items")
    source = models.ForeignKey(
        DutyTemplateItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("事项"), max_length=300)
    basis = models.CharField(_("法律依据"), max_length=300)

    objects = DutyItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("清单事项")
        verbose_name_plural = _("清单事项")
        ordering = ["duty_list", "number"]

    def __str__(self):
        return f"{self.number}. {self.text}"

    @property
    def unit(self):
        return self.duty_list.unit

    @property
    def is_local(self) -> bool:
        return self.source_id is None


class RefusedRequest(models.Model):
    """A department's request that a community refused because its negative list names it."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    department = models.CharField(_("提出部门"), max_length=100)
    request = models.CharField(_("要求事项"), max_length=300)
    item = models.ForeignKey(
        DutyItem, verbose_name=_("对应负面事项"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("处理情况"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("拒绝事项登记")
        verbose_name_plural = _("拒绝事项登记")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.department} · {self.request}"

    def get_absolute_url(self):
        return reverse("selfgov:refusal-list")
