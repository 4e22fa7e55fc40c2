"""The 规范挂牌 checklist: each sign a community hangs, checked with a photo."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class Sign(models.Model):
    """A sign (牌子) at a community's premises, as last checked."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("牌子名称"), max_length=100)
    is_compliant = models.BooleanField(_("符合规范"), default=False)
    checked_on = models.DateField(_("检查日期"), validators=DATE_BOUNDS)
    note = models.CharField(_("检查情况"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("挂牌")
        verbose_name_plural = _("挂牌")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="selfgov_sign_name",
                violation_error_message=_("该社区已登记这块牌子，请修改原记录。"),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("selfgov:sign-list")
