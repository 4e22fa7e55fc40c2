"""Evaluation (考核验收): the scoring table of a program as data (categories, items with their
deduction rules, bonus and veto items, grade bands, the weights of the final formula) and the
assessment rounds of its pilot communities and streets: self-assessment → street review →
third-party score → the office's final score, through the shared review chain."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.review import Reviewed, ReviewEventBase, ReviewStageBase, ReviewStep

POINTS = {"max_digits": 6, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]
WEIGHT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
DEFAULT_BANDS = [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]  # table data, not UI
LOWEST_GRADE = DEFAULT_BANDS[-1][0]


class TableQuerySet(ScopedQuerySet):
    scope = Scope(via="program")


class ScoringTable(models.Model):
    """A program's 绩效评分表, one version of it. A program scores new rounds with its latest
    version; a round keeps the version it started with."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="scoring_tables"
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=200)
    is_default = models.BooleanField(_("默认评分表"), default=False)
    notes = models.JSONField(_("说明"), default=list, blank=True)
    bonus_cap = models.DecimalField(_("加分上限"), default=0, validators=NOT_NEGATIVE, **POINTS)
    weight_self = models.DecimalField(
        _("自评权重"), max_digits=3, decimal_places=2, default=Decimal("0.2"), validators=WEIGHT
    )
    weight_street = models.DecimalField(
        _("街道审核权重"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.3"),
        validators=WEIGHT,
    )
    weight_third = models.DecimalField(
        _("第三方评分权重"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=WEIGHT,
    )
    grade_bands = models.JSONField(_("等级"), default=list)  # [[name, lowest total], …] best first
    veto_grade = models.CharField(_("否决后最高等级"), max_length=20, default=LOWEST_GRADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TableQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["program", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="scoring_table_version")
        ]

    def __str__(self):
        return f"{self.name}（v{self.version}）"

    def get_absolute_url(self):
        return reverse("evaluation:table-detail", args=[self.pk])

    @property
    def unit(self):
        return self.program.region

    @property
    def weights(self) -> dict:
        return {"self": self.weight_self, "street": self.weight_street, "third": self.weight_third}


class Category(models.Model):
    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="categories")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("类别"), max_length=100)

    class Meta:
        verbose_name = _("评分类别")
        verbose_name_plural = _("评分类别")
        ordering = ["table", "order"]

    def __str__(self):
        return self.name


class Item(models.Model):
    """One line of the table: what is scored, how it is checked and how points are deducted."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("基本项")
        BONUS = "bonus", _("加分项")
        VETO = "veto", _("否决项")

    class Method(models.TextChoices):
        DOCUMENTS = "documents", _("查阅资料")
        SITE = "site", _("实地查看")
        SURVEY = "survey", _("问卷调查")
        SYSTEM = "system", _("系统数据")

    class Rule(models.TextChoices):
        PER_SHORTFALL = "per_shortfall", _("按差额扣分")
        PROPORTIONAL = "proportional", _("按完成比例")
        ALL_OR_NOTHING = "all_or_nothing", _("达标得满分")
        MANUAL = "manual", _("人工评分")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("编号"), max_length=20)
    name = models.CharField(_("评分内容"), max_length=200)
    criteria = models.TextField(_("评分标准"), blank=True)
    points = models.DecimalField(_("分值"), validators=NOT_NEGATIVE, **POINTS)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BASIC)
    method = models.CharField(
        _("核查方式"), max_length=20, choices=Method.choices, default=Method.DOCUMENTS
    )
    rule = models.CharField(_("扣分规则"), max_length=20, choices=Rule.choices, default=Rule.MANUAL)
    target_value = models.DecimalField(
        _("目标值"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    per_unit = models.DecimalField(
        _("每差一个单位扣分"), null=True, blank=True, validators=NOT_NEGATIVE, **POINTS
    )
    counter = models.CharField(_("计数器"), max_length=100, blank=True)
    counter_args = models.JSONField(_("计数器参数"), default=dict, blank=True)
    target_name = models.CharField(
        _("关联指标"),
        max_length=200,
        blank=True,
        help_text=_("被评单位建设任务中同名的指标，用于预填"),
    )

    class Meta:
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")
        ordering = ["category__order", "order"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_veto(self) -> bool:
        return self.kind == self.Kind.VETO

    @property
    def is_prefillable(self) -> bool:
        return self.rule != self.Rule.MANUAL and bool(self.counter or self.target_name)


class RoundQuerySet(ScopedQuerySet):
    scope = Scope(owner="unit__path", also=("third_party__path",))


class Round(Reviewed):
    """A pilot community's (or street's) assessment round of a program, scored stage by stage:
    its own self-assessment, then the street, the third party and the office (the stored
    review chain); concluded (approved) by the office, then locked."""

    program = models.ForeignKey("programs.Program", on_delete=models.PROTECT, related_name="+")
    table = models.ForeignKey(
        ScoringTable, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="rounds"
    )
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("被评单位"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("审核街道"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    third_party = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("第三方机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    total = models.DecimalField(_("最终得分"), null=True, blank=True, **POINTS)
    grade = models.CharField(_("等级"), max_length=20, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核评估")
        verbose_name_plural = _("考核评估")
        ordering = ["program", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["program", "unit"], name="evaluation_round_once")
        ]

    def __str__(self):
        return _("%(unit)s 考核评估") % {"unit": self.unit.name}

    def get_absolute_url(self):
        return reverse("evaluation:round-detail", args=[self.pk])


class RoundStage(ReviewStageBase):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="stages")

    class Meta:
        verbose_name = _("评分环节")
        verbose_name_plural = _("评分环节")
        ordering = ["round", "position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="evaluation_stage_once")
        ]
        indexes = [models.Index(fields=["unit", "position"], name="evaluation_stage_unit")]


REOPEN = "reopen"


class RoundEvent(ReviewEventBase):
    action = models.CharField(
        _("操作"),
        max_length=20,
        choices=[*ReviewStep.choices, (REOPEN, _("重新打开"))],
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")

    class Meta:
        verbose_name = _("评分记录")
        verbose_name_plural = _("评分记录")
        ordering = ["at", "pk"]


class ScoreQuerySet(ScopedQuerySet):
    scope = Scope(via="round")


class ItemScore(models.Model):
    """An item's scores in a round: the pre-fill from the records, then each stage's score with
    its note or reason. A veto item's score is 1 when the veto applies, else 0."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    prefill = models.DecimalField(_("系统预填"), null=True, blank=True, **POINTS)
    prefill_basis = models.CharField(_("预填依据"), max_length=300, blank=True)
    self_points = models.DecimalField(_("自评得分"), null=True, blank=True, **POINTS)
    self_note = models.TextField(_("自评说明"), blank=True)
    street_points = models.DecimalField(_("街道审核得分"), null=True, blank=True, **POINTS)
    street_reason = models.TextField(_("街道审核理由"), blank=True)
    third_points = models.DecimalField(_("第三方评分"), null=True, blank=True, **POINTS)
    third_reason = models.TextField(_("第三方评分理由"), blank=True)
    final_points = models.DecimalField(_("最终得分"), null=True, blank=True, **POINTS)
    final_reason = models.TextField(_("最终评分理由"), blank=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        ordering = ["round", "item__category__order", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="evaluation_score_once"),
        ]

    def __str__(self):
        return f"{self.round_id} · {self.item}"


class EvidenceQuerySet(ScopedQuerySet):
    scope = Scope(via="score")


class EvidenceLink(models.Model):
    """A record cited as evidence for an item's self-assessment (a kind of core.evidence)."""

    score = models.ForeignKey(ItemScore, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("证据类型"), max_length=50)
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("证据"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["score", "kind", "object_id"], name="evaluation_evidence_once"
            )
        ]

    def __str__(self):
        return self.label
