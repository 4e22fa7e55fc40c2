"""Major matters (重大事项) taken through 四议两公开, each step with its meeting's numbers or its
publication period; the rules a region sets for them; files attached to steps."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import NameField
from gongzhi.core.models import StoredFile
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.paths import path_and_ancestors
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS
from gongzhi.selfgov.rules import DEFAULT_PUBLICATION_DAYS, Quorum


class MatterKind(models.TextChoices):
    ASSETS = "assets", _("集体资产处置")
    PROJECT = "project", _("重大项目建设")
    ASSISTANCE = "assistance", _("低保评议")
    FUNDS = "funds", _("资金使用")
    OTHER = "other", _("其他重大事项")


register_list("selfgov_matter_kind", _("重大事项类别"), MatterKind.choices)


class StepKind(models.IntegerChoices):
    PROPOSAL = 1, _("党组织提议")
    CONSULTATION = 2, _("两委会议商议")
    REVIEW = 3, _("党员大会审议")
    RESOLUTION = 4, _("村（居）民会议或代表会议决议")
    RESOLUTION_PUBLIC = 5, _("决议公开")
    RESULT_PUBLIC = 6, _("实施结果公开")


MEETING_STEPS = (StepKind.PROPOSAL, StepKind.CONSULTATION, StepKind.REVIEW, StepKind.RESOLUTION)
PUBLICATION_STEPS = (StepKind.RESOLUTION_PUBLIC, StepKind.RESULT_PUBLIC)
LAST_STEP = StepKind.RESULT_PUBLIC


class MeetingForm(models.TextChoices):
    ASSEMBLY = "assembly", _("村（居）民会议")
    REPRESENTATIVES = "representatives", _("村（居）民代表会议")


class RegionRule(models.Model):
    """A region's (or a street's) rules for 四议两公开; the nearest one above a community
    applies, and without any: more than half, and 7 days of publication."""

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("适用地区"), on_delete=models.PROTECT, related_name="+"
    )
    representatives_quorum = models.CharField(
        _("代表会议到会要求"),
        max_length=20,
        choices=[(Quorum.HALF.value, _("过半数")), (Quorum.TWO_THIRDS.value, _("三分之二以上"))],
        default=Quorum.HALF.value,
    )
    publication_days = models.PositiveSmallIntegerField(
        _("公开期最少天数"), default=DEFAULT_PUBLICATION_DAYS
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("四议两公开规则")
        verbose_name_plural = _("四议两公开规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(publication_days__gte=1),
                name="selfgov_rule_publication_days",
                violation_error_message=_("公开期至少 1 天。"),
            )
        ]

    def __str__(self):
        return str(self.unit)

    @classmethod
    def for_unit(cls, unit) -> "RegionRule":
        """The rule of the nearest unit at or above `unit` that has one, else the default."""
        paths = path_and_ancestors(unit.path)
        found = (
            cls.objects.dangerously_unscoped(reason="rules apply to every community below")
            .filter(unit__path__in=paths)
            .select_related("unit")
        )
        return max(found, key=lambda rule: len(rule.unit.path), default=None) or cls()


class Matter(models.Model):
    """A community's major matter (重大事项) and how far it has gone through the six steps."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    title = NameField(_("事项名称"), max_length=100)
    kind = OptionField(_("事项类别"), list_name="selfgov_matter_kind")
    summary = models.TextField(_("事项内容"), max_length=2000, blank=True)
    steps_done = models.PositiveSmallIntegerField(_("已完成步骤"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项")
        verbose_name_plural = _("重大事项")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(steps_done__lte=LAST_STEP),
                name="selfgov_matter_steps_done",
                violation_error_message=_("重大事项只有六个步骤。"),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("selfgov:matter-detail", args=[self.pk])

    @property
    def next_step(self) -> StepKind | None:
        return StepKind(self.steps_done + 1) if self.steps_done < LAST_STEP else None

    @property
    def is_complete(self) -> bool:
        return self.steps_done >= LAST_STEP


class StepQuerySet(ScopedQuerySet):
    scope = Scope(via="matter")

    def published(self):
        """Publication steps: what the public notice page shows."""
        return self.filter(kind__in=PUBLICATION_STEPS)


class Step(models.Model):
    """One of the six steps: a meeting (date, attendance, votes, minutes) or a publication
    (from `date` to `ends_on`, with the text published)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="steps")
    kind = models.PositiveSmallIntegerField(_("步骤"), choices=StepKind.choices)
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    meeting_form = models.CharField(
        _("会议形式"), max_length=20, choices=MeetingForm.choices, blank=True
    )
    entitled = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("弃权"), null=True, blank=True)
    ends_on = models.DateField(_("公开截止日期"), null=True, blank=True, validators=DATE_BOUNDS)
    text = models.TextField(_("会议记录或公开内容"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = StepQuerySet.as_manager()

    class Meta:
        verbose_name = _("四议两公开步骤")
        verbose_name_plural = _("四议两公开步骤")
        ordering = ["matter", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "kind"], name="selfgov_step_once"),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(present__lte=F("entitled")),
                name="selfgov_step_present_le_entitled",
                violation_error_message=_("实到人数不能多于应到人数。"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("date")),
                name="selfgov_step_ends_after_start",
                violation_error_message=_("公开截止日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.matter} · {self.get_kind_display()}"

    @property
    def unit(self):
        return self.matter.unit

    @property
    def is_meeting(self) -> bool:
        return self.kind in MEETING_STEPS


class Attachment(StoredFile):
    """A file of a step (minutes, a photo of the notice board) or of a charter, or a
    sign's photo, kept by its community."""

    upload_folder = "selfgov"

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    charter = models.ForeignKey(
        "selfgov.Charter", null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    sign = models.ForeignKey(
        "selfgov.Sign", null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    def get_absolute_url(self):
        return reverse("selfgov:file", args=[self.pk])
