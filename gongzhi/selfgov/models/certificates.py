"""Certificate items (证明事项) a community issued: kept, or abolished with the basis and date."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class CertificateStatus(models.TextChoices):
    KEPT = "kept", _("保留")
    ABOLISHED = "abolished", _("取消")


class CertificateItem(models.Model):
    """One certificate a community was asked to issue, and what was decided about it."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("证明事项"), max_length=100)
    status = models.CharField(_("处理"), max_length=20, choices=CertificateStatus.choices)
    basis = models.CharField(_("依据"), max_length=300, help_text=_("保留或取消的法律依据、文件"))
    decided_on = models.DateField(_("决定日期"), validators=DATE_BOUNDS)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("证明事项")
        verbose_name_plural = _("证明事项")
        ordering = ["unit__path", "status", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="selfgov_certificate_name",
                violation_error_message=_("该社区已登记这个证明事项，请修改原记录。"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("selfgov:certificate-list")
