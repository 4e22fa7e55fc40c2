"""A community's 自治章程 and 居民公约: each adoption is kept; the current one of each kind is
the latest adopted."""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import NameField
from gongzhi.core.querysets import ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class CharterKind(models.TextChoices):
    CHARTER = "charter", _("居民自治章程")
    CONVENTION = "convention", _("居民公约")


class CharterQuerySet(ScopedQuerySet):
    def adopted_by(self, day):
        return self.filter(adopted_on__lte=day)

    def with_current(self):
        """Each row marked `is_current` when it is its community's latest of its kind."""
        latest = (
            type(self)(self.model)
            .filter(unit=OuterRef("unit"), kind=OuterRef("kind"))
            .order_by("-adopted_on", "-pk")
            .values("pk")[:1]
        )
        return self.annotate(current_pk=Subquery(latest))

    def current(self):
        return self.with_current().filter(pk=models.F("current_pk"))


class Charter(models.Model):
    """One adoption (or revision) of a community's charter or convention."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=CharterKind.choices)
    title = NameField(_("名称"), max_length=100)
    adopted_on = models.DateField(_("通过日期"), validators=DATE_BOUNDS)
    matter = models.ForeignKey(
        "selfgov.Matter",
        verbose_name=_("通过的重大事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("经“四议两公开”通过的，选择该事项；否则填写通过的会议。"),
    )
    meeting = models.CharField(_("通过的会议"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CharterQuerySet.as_manager()

    class Meta:
        verbose_name = _("章程公约")
        verbose_name_plural = _("章程公约")
        ordering = ["unit__path", "kind", "-adopted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(matter__isnull=False) | ~Q(meeting=""),
                name="selfgov_charter_adopted_somewhere",
                violation_error_message=_("请选择通过的重大事项或填写通过的会议。"),
            )
        ]

    def __str__(self):
        return f"{self.title}（{self.adopted_on:%Y-%m-%d}）"

    def get_absolute_url(self):
        return reverse("selfgov:charter-list")

    @property
    def is_current(self) -> bool:
        """Set on rows read through `with_current()`."""
        return getattr(self, "current_pk", None) == self.pk
