"""Records are retired, not deleted: a deactivated record (停用, with who, when and why) drops
out of lists, counts, choices and exports, and the program office can restore it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import ScopedQuerySet

IN_USE = Q(deactivated_at__isnull=True)


class RetirableQuerySet(ScopedQuerySet):
    def in_use(self):
        return self.filter(IN_USE)

    def deactivated(self):
        return self.exclude(IN_USE)


class Retirable(models.Model):
    """The fields of a record that can be deactivated; set only by the deactivate and restore
    services (`gongzhi.community.retirement`)."""

    deactivated_at = models.DateTimeField(_("停用时间"), null=True, blank=True, editable=False)
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("停用人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deactivation_reason = models.CharField(
        _("停用原因"), max_length=200, blank=True, editable=False
    )

    # the kind's URL names are community:<slug>-deactivate and community:<slug>-restore
    retirement_slug = ""

    class Meta:
        abstract = True

    @property
    def is_deactivated(self) -> bool:
        return self.deactivated_at is not None

    def deactivate_url(self) -> str:
        return reverse(f"community:{self.retirement_slug}-deactivate", args=[self.pk])

    def restore_url(self) -> str:
        return reverse(f"community:{self.retirement_slug}-restore", args=[self.pk])


def retirement_constraints() -> list:
    """A deactivated record says when, by whom and why; one in use carries none of it."""
    in_use = Q(deactivated_at__isnull=True, deactivated_by__isnull=True, deactivation_reason="")
    retired = Q(deactivated_at__isnull=False, deactivated_by__isnull=False) & ~Q(
        deactivation_reason=""
    )
    return [
        models.CheckConstraint(
            condition=in_use | retired,
            name="%(class)s_deactivation_complete",
            violation_error_message=_("停用须记录停用时间、停用人和原因。"),
        )
    ]
