"""A program as data: phases and milestones, city tasks, pilot communities and their work items,
the units assigned to each, and measurable targets."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS, YEAR_BOUNDS, not_negative
from gongzhi.orgs.statistics import Statistic
from gongzhi.programs.querysets import PilotQuerySet, ProgramQuerySet, TaskQuerySet


class Program(models.Model):
    """A governance program (e.g. 广汉市 2024 创特色), owned by a region and run by an office."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_BOUNDS)
    region = models.ForeignKey(
        "orgs.Unit", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="programs"
    )
    office_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("牵头办公室所在单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuers = models.JSONField(_("印发单位"), default=list)
    issued = models.DateField(_("印发日期"), null=True, blank=True, validators=DATE_BOUNDS)
    basis = models.TextField(_("政策依据"), blank=True)
    goals = models.JSONField(_("目标"), default=list)
    source = models.TextField(_("文件出处"), blank=True)
    groups = models.JSONField(_("单位组短语"), default=list, blank=True)
    categories = models.JSONField(_("任务类别"), default=list, blank=True)
    types = models.JSONField(_("创建类型"), default=list, blank=True)
    filings = models.JSONField(_("备案要求"), default=list, blank=True)
    working_group = models.ForeignKey(
        "orgs.WorkingGroup",
        verbose_name=_("工作组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    is_public = models.BooleanField(_("公开进度"), default=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["-year", "code"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("progress:program-detail", args=[self.pk])

    @property
    def unit(self):
        return self.region


class Phase(models.Model):
    """A stage of the program (准备, 实施, 验收) with its dates."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("名称"), max_length=100)
    start = models.DateField(_("开始"), null=True, blank=True, validators=DATE_BOUNDS)
    end = models.DateField(_("结束"), null=True, blank=True, validators=DATE_BOUNDS)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="phase_order"),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="phase_end_after_start",
                violation_error_message=_("阶段结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("阶段结束日期不能早于开始日期。")})


class Milestone(models.Model):
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(_("引用键"), max_length=50, blank=True)
    date = models.DateField(_("日期"), validators=DATE_BOUNDS)
    text = models.CharField(_("内容"), max_length=300)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["phase", "date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.text}"


class Strand(models.Model):
    """A strand of a program (e.g. 补短板, 提能力, 创特色) with its own community types and item
    categories; a strand without categories uses the program's."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="strands")
    order = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("名称"), max_length=50)
    types = models.JSONField(_("创建类型"), default=list, blank=True)
    categories = models.JSONField(_("任务类别"), default=list, blank=True)

    class Meta:
        verbose_name = _("工作板块")
        verbose_name_plural = _("工作板块")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="strand_order"),
            models.UniqueConstraint(
                fields=["program", "name"],
                name="strand_name",
                violation_error_message=_("本项目已有同名的工作板块。"),
            ),
        ]

    def __str__(self):
        return self.name


class Pilot(models.Model):
    """A pilot community of the program, its strand and type, and the street responsible."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="pilots")
    strand = models.ForeignKey(
        Strand,
        verbose_name=_("工作板块"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pilots",
    )
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="pilots"
    )
    street = models.ForeignKey(
        "orgs.Unit", verbose_name=_("责任街道（镇）"), on_delete=models.PROTECT, related_name="+"
    )
    type_name = models.CharField(_("创建类型"), max_length=50)
    due = models.DateField(_("完成时限"), validators=DATE_BOUNDS)
    due_from = models.CharField(
        _("时限取自节点"), max_length=50, blank=True, help_text=_("节点的引用键")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    objects = PilotQuerySet.as_manager()

    class Meta:
        verbose_name = _("特色社区")
        verbose_name_plural = _("特色社区")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "community"], name="pilot_community"),
        ]

    def __str__(self):
        return f"{self.community.name}（{self.type_name}）"

    @property
    def unit(self):
        return self.community


class Task(models.Model):
    """Something a unit must deliver and report on: a city task, a pilot work item, or the
    filing (备案) of a unit's own 创建方案 in the preparation phase."""

    class Kind(models.TextChoices):
        CITY = "city", _("市级任务")
        PILOT_ITEM = "pilot_item", _("特色社区建设任务")
        FILING = "filing", _("创建方案备案")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    pilot = models.ForeignKey(
        Pilot, null=True, blank=True, on_delete=models.CASCADE, related_name="items"
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("内容"))
    category = models.CharField(_("任务类别"), max_length=50, blank=True)
    due = models.DateField(_("完成时限"), validators=DATE_BOUNDS)
    due_from = models.CharField(
        _("时限取自节点"), max_length=50, blank=True, help_text=_("节点的引用键")
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["program", "kind", "pilot__order", "number"]
        # The cockpit's targets panel takes a program's first tasks in this order off the index
        # (a province's 280,000 figures were sorted to show 50).
        indexes = [models.Index(fields=["program", "kind", "number", "id"], name="task_in_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "kind", "number"],
                condition=Q(pilot__isnull=True),
                name="task_number_in_program",
                violation_error_message=_("本项目已有该序号的任务。"),
            ),
            models.UniqueConstraint(
                fields=["pilot", "number"],
                condition=Q(pilot__isnull=False),
                name="task_number_in_pilot",
                violation_error_message=_("该特色社区已有该序号的建设任务。"),
            ),
            models.CheckConstraint(
                condition=Q(kind="pilot_item", pilot__isnull=False) | ~Q(kind="pilot_item"),
                name="pilot_item_has_pilot",
                violation_error_message=_("特色社区建设任务须指定特色社区。"),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.short_text}"

    def get_absolute_url(self):
        return reverse("progress:task-detail", args=[self.pk])

    @property
    def label(self) -> str:
        if self.kind == self.Kind.PILOT_ITEM:
            return _("%(community)s 第%(n)d项") % {
                "community": self.pilot.community.name,
                "n": self.number,
            }
        if self.kind == self.Kind.FILING:
            return _("备案%(n)d") % {"n": self.number}
        return _("任务%(n)d") % {"n": self.number}

    @property
    def category_name(self) -> str:
        """The category's name as the program (or the pilot's strand) declares it."""
        strand = self.pilot.strand if self.pilot_id else None
        declared = (strand.categories if strand and strand.categories else None) or (
            self.program.categories
        )
        names = {entry["code"]: entry["name"] for entry in declared}
        return names.get(self.category, self.category)

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 40 else self.text[:39] + "…"


class Assignment(models.Model):
    """A unit responsible for a task: the lead (牵头) or a co-unit (配合)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("牵头单位")
        CO = "co", _("配合单位")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("职责"), max_length=10, choices=Role.choices)
    via_group = models.CharField(
        _("来自单位组"), max_length=50, blank=True, help_text=_("由该单位组短语展开而来")
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")
        ordering = ["task", "role", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="assignment_unique")]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()}"


class TargetQuerySet(ScopedQuerySet):
    scope = Scope(via="task")


class Target(models.Model):
    """A measurable target of a task. Its actual value is counted from records by a named
    counter, or, without a counter, taken from the latest fully approved progress report."""

    class Comparator(models.TextChoices):
        AT_LEAST = ">=", "≥"
        EXACTLY = "=", "="
        AT_MOST = "<=", "≤"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("指标"), max_length=200)
    comparator = models.CharField(_("比较"), max_length=2, choices=Comparator.choices)
    value = models.DecimalField(
        _("目标值"), max_digits=12, decimal_places=2, validators=[not_negative]
    )
    measure = models.CharField(_("计量单位"), max_length=20, blank=True)
    counter = models.CharField(_("计数器"), max_length=100, blank=True)
    counter_args = models.JSONField(_("计数器参数"), default=dict, blank=True)
    per_statistic = models.CharField(_("比率分母"), max_length=20, blank=True)
    per_amount = models.DecimalField(
        _("比率基数"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    coverage_of = models.CharField(_("覆盖单位组"), max_length=50, blank=True)
    coverage_at_least = models.DecimalField(
        _("覆盖条件（计数不少于）"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["task", "order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("目标值不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(per_statistic="") | Q(coverage_of=""),
                name="target_ratio_or_coverage",
                violation_error_message=_("一个指标不能既是比率又是覆盖率。"),
            ),
            models.CheckConstraint(
                condition=(Q(per_statistic="") & Q(coverage_of="")) | ~Q(counter=""),
                name="target_ratio_coverage_counted",
                violation_error_message=_("比率和覆盖率指标须指定计数器。"),
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.get_comparator_display()} {self.value:g}{self.measure}"

    @property
    def basis_label(self) -> str:
        """How the actual is measured, in words: “每10000常住人口” or “覆盖各社区”."""
        if self.per_statistic:
            return _("每%(per)s%(statistic)s") % {
                "per": "" if self.per_amount == 1 else _plain(self.per_amount),
                "statistic": Statistic(self.per_statistic).label,
            }
        if self.coverage_of:
            return _("%(group)s中达标单位占比") % {"group": self.coverage_of}
        return ""

    def is_met(self, actual) -> bool | None:
        if actual is None:
            return None
        if self.comparator == self.Comparator.AT_LEAST:
            return actual >= self.value
        if self.comparator == self.Comparator.AT_MOST:
            return actual <= self.value
        return actual == self.value


def _plain(number) -> str:
    """10000.00 → “10000”, 2.50 → “2.5”."""
    return f"{number.normalize():f}"


class ProgramVersion(models.Model):
    """Each import that changed a program: its number, the document as imported, and who."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    document = models.JSONField(_("项目文件"))
    source = models.CharField(_("来源"), max_length=200, blank=True)
    changes = models.PositiveIntegerField(_("变更数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("项目版本")
        verbose_name_plural = _("项目版本")
        ordering = ["program", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="program_version_number")
        ]

    def __str__(self):
        return f"{self.program} v{self.number}"
