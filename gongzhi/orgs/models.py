"""The unit tree (region → departments and streets → communities → grids; agencies; third parties)
and the program working group."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.paths import STEPLEN, path_and_ancestors
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import YEAR_BOUNDS, not_negative

# Kinds that carry the official 12-digit 统计用区划代码; the others (departments, agencies…)
# may carry an 18-character 统一社会信用代码 instead.
AREA_CODE_KINDS = REGION_KINDS | STREET_KINDS | COMMUNITY_KINDS
_AREA_CODE = re.compile(r"[0-9]{12}")
_ANY_CODE = re.compile(r"[0-9A-Z]{12}|[0-9A-Z]{18}")


def code_problem(code: str, kind: str) -> str:
    """What is wrong with a unit's code for its kind ("" when it is fine or blank)."""
    if not code:
        return ""
    if kind in AREA_CODE_KINDS:
        if not _AREA_CODE.fullmatch(code):
            return _("区划代码应为12位数字")
    elif not _ANY_CODE.fullmatch(code):
        return _("代码应为12位区划代码或18位统一社会信用代码（数字或大写字母）")
    return ""


class UnitQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    scope = Scope(owner="path")

    def subtree_of(self, unit):
        """The unit and everything under it: one indexed prefix query."""
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")

    def add_unit(self, parent, **fields):
        """Add a unit under `parent`, or a new root when `parent` is None."""
        return self.add_child(parent, fields) if parent else self.add_root(fields)

    def parent_of(self, unit):
        """The unit directly above, or None for a root."""
        return self.filter(path=unit.path[:-STEPLEN]).first() if unit.depth > 1 else None

    def children_of(self, parent):
        """The units directly under `parent`, or the roots when `parent` is None."""
        return self.get_children(parent) if parent else self.get_root_nodes()


class Unit(MP_Node):
    """An organisation unit. `path` is the materialised path: a unit's subtree shares its prefix."""

    steplen = STEPLEN
    node_order_by = []

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("统一社会信用代码/区划代码"),
        max_length=32,
        blank=True,
        help_text=_(
            "地区、街道（镇）、社区（村）填12位统计用区划代码；部门、机构可填统一社会信用代码"
        ),
    )
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitManager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        indexes = [
            # LIKE 'prefix%' on PostgreSQL uses an index only with the pattern operator class.
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["kind"], name="unit_kind"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unit_unique_code",
                violation_error_message=_("已有单位使用该代码。"),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        problem = code_problem(self.code, self.kind)
        if problem:
            raise ValidationError({"code": problem})

    def get_absolute_url(self):
        return reverse("orgs:unit-detail", args=[self.pk])

    @property
    def is_region(self) -> bool:
        return self.kind in REGION_KINDS

    @property
    def unit(self):
        """A unit owns itself (so audit and scoping treat it like any unit-owned record)."""
        return self

    def ancestor_paths(self) -> list[str]:
        return path_and_ancestors(self.path)[:-1]

    @property
    def indented_name(self) -> str:
        """The name indented by depth, for choice lists that show the tree."""
        return "　" * (self.depth - 1) + self.name


class UnitStatisticsQuerySet(ScopedQuerySet):
    scope = Scope(via="unit")


class UnitStatistics(models.Model):
    """A unit's figures for one year (from the statistics office or the unit itself)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="statistics"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_BOUNDS)
    residents = models.PositiveIntegerField(_("常住人口（人）"), null=True, blank=True)
    households = models.PositiveIntegerField(_("户数（户）"), null=True, blank=True)
    area_km2 = models.DecimalField(
        _("面积（平方公里）"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[not_negative],
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)

    objects = UnitStatisticsQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位统计数据")
        verbose_name_plural = _("单位统计数据")
        ordering = ["unit", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="unit_statistics_unique_year",
                violation_error_message=_("该单位已有这一年度的统计数据。"),
            ),
            models.CheckConstraint(
                condition=Q(area_km2__isnull=True) | Q(area_km2__gte=0),
                name="unit_statistics_area_not_negative",
                violation_error_message=_("面积不能为负数。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.year}"


class WorkingGroupQuerySet(ScopedQuerySet):
    scope = Scope(owner="region__path", below=True)  # read across its region, like a program


class WorkingGroup(models.Model):
    """A program's working group (工作组) with the unit that runs its office (办公室)."""

    name = models.CharField(_("名称"), max_length=100)
    region = models.ForeignKey(
        Unit, verbose_name=_("所属地区"), on_delete=models.PROTECT, related_name="working_groups"
    )
    office_unit = models.ForeignKey(
        Unit, verbose_name=_("办公室所在单位"), on_delete=models.PROTECT, related_name="+"
    )
    office_duty = models.CharField(_("办公室职责"), max_length=200, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作组")
        verbose_name_plural = _("工作组")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="working_group_unique_name")
        ]

    def __str__(self):
        return self.name


class WorkingGroupMember(models.Model):
    """A member of a working group, with the position written in the program document."""

    class Duty(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    position = models.CharField(_("职务"), max_length=100)
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT)
    duty = models.CharField(_("工作组职务"), max_length=10, choices=Duty.choices)
    order = models.PositiveSmallIntegerField(_("排序"))

    class Meta:
        verbose_name = _("工作组成员")
        verbose_name_plural = _("工作组成员")
        ordering = ["group", "order"]
        constraints = [
            models.UniqueConstraint(fields=["group", "order"], name="working_group_member_order"),
            models.UniqueConstraint(fields=["group", "name"], name="working_group_member_name"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_duty_display()}）"
