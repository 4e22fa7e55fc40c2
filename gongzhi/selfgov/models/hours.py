"""A community's service hours (服务时段), published on its public page."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import ScopedQuerySet


class Period(models.TextChoices):
    REGULAR = "regular", _("常规时段")
    LUNCH = "lunch", _("午间延时")
    WEEKEND = "weekend", _("周末值班")
    EVENING = "evening", _("夜间延时")


class ServiceHours(models.Model):
    """When a community's service hall is open in one kind of period; changed in place."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("时段"), max_length=20, choices=Period.choices)
    days = models.CharField(_("日期"), max_length=50, help_text=_("如：周一至周五"))
    hours = models.CharField(_("时间"), max_length=50, help_text=_("如：9:00—12:00，14:00—17:30"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务时段")
        verbose_name_plural = _("服务时段")
        ordering = ["unit__path", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                name="selfgov_hours_once",
                violation_error_message=_("该社区已登记这个时段，请修改原记录。"),
            )
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_period_display()}"

    def get_absolute_url(self):
        return reverse("selfgov:hours-list")
