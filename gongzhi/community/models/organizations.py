"""The 五社 registries: community social organisations (with their links to communities and
their incubation), social-work stations and rooms, and brand activity projects."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models.retirement import (
    Retirable,
    RetirableQuerySet,
    retirement_constraints,
)
from gongzhi.core.fields import BlindIndexField, NameField, PhoneField
from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.roles import SUBTREE_ROLES
from gongzhi.core.validators import DATE_BOUNDS, YEAR_BOUNDS


class OrganizationQuerySet(RetirableQuerySet):
    # Kept by its home unit; the communities it is linked to read it too. A street or a
    # community reaches its few hundred by a UNION of ids; a region's office, which reaches most
    # of them, by an OR that stops once a page is full (lists read one link at a time).
    scope = Scope(owner="unit__path", also=("links__community__path",), union_for=SUBTREE_ROLES)


# The fields a person keeps for each registry, in the order forms and Excel columns show them.
ORGANIZATION_FIELDS = (
    "name",
    "unit",
    "category",
    "filing",
    "credit_code",
    "brand_year",
    "has_party_branch",
    "in_social_work_room",
    "contact_name",
    "contact_phone",
    "is_active",
)
STATION_FIELDS = (
    "name",
    "kind",
    "unit",
    "address",
    "operator",
    "staff_count",
    "opening_hours",
    "is_running",
    "checked_on",
    "check_note",
)
HOME_KINDS = COMMUNITY_KINDS | STREET_KINDS | REGION_KINDS
STATION_UNIT_KINDS = {"city": REGION_KINDS, "town": STREET_KINDS, "room": COMMUNITY_KINDS}
STATION_PLACES = {"city": _("市（县）"), "town": _("街道（镇）"), "room": _("社区（村）")}


class SocialOrganization(Retirable):
    """A community social organisation (社区社会组织), kept by its home unit."""

    retirement_slug = "org"

    class Category(models.TextChoices):
        CHARITY = "charity", _("公益慈善")
        LIVING = "living", _("生活服务")
        CULTURE = "culture", _("文体活动")
        MEDIATION = "mediation", _("专业调处")
        OTHER = "other", _("其他")

    class Filing(models.TextChoices):
        REGISTERED = "registered", _("登记")
        FILED = "filed", _("备案")
        UNFILED = "unfiled", _("未备案")

    name = NameField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("所属社区（单位）"),
        on_delete=models.PROTECT,
        related_name="social_organizations",
    )
    category = OptionField(_("类别"), list_name="organization_category")
    filing = models.CharField(_("登记备案"), max_length=20, choices=Filing.choices)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    brand_year = models.PositiveSmallIntegerField(
        _("品牌社区社会组织（年度）"),
        null=True,
        blank=True,
        help_text=_("被认定为品牌组织的年度"),
        validators=YEAR_BOUNDS,
    )
    has_party_branch = models.BooleanField(_("已建立党组织"), default=False)
    in_social_work_room = models.BooleanField(_("入驻社工室"), default=False)
    contact_name = NameField(_("联系人"), max_length=50, blank=True)
    contact_phone = PhoneField(_("联系电话"), blank=True, landline=True)
    contact_phone_index = BlindIndexField(source="contact_phone")
    is_active = models.BooleanField(_("存续"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区社会组织")
        verbose_name_plural = _("社区社会组织")
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="org_name_in_unit"),
            *retirement_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:org-detail", args=[self.pk])

    def clean(self):
        if self.unit_id and self.unit.kind not in HOME_KINDS:
            raise ValidationError({"unit": _("所属单位应为社区、街道（镇）或市（县）。")})


class OrgLinkQuerySet(ScopedQuerySet):
    # Both ends keep a link: the organisation's home unit and the linked community.
    scope = Scope(owner=("community__path", "organization__unit__path"))

    def active_on(self, day):
        """Links in force on `day`: begun, and not ended before it."""
        return self.filter(Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day))


class OrgLink(models.Model):
    """An organisation linked to a community (链接社会组织) for a period."""

    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="links"
    )
    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="org_links"
    )
    since = models.DateField(_("开始日期"), validators=DATE_BOUNDS)
    until = models.DateField(_("结束日期"), null=True, blank=True, validators=DATE_BOUNDS)
    note = models.CharField(_("服务内容"), max_length=200, blank=True)

    objects = OrgLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("链接社区")
        verbose_name_plural = _("链接社区")
        ordering = ["community__path", "-since"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="link_until_after_since",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self):
        return f"{self.organization} → {self.community}"

    @property
    def unit(self):
        return self.community

    def clean(self):
        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("结束日期不能早于开始日期。")})

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return self.since <= today and (self.until is None or self.until >= today)


class Incubation(models.Model):
    """An organisation's incubation at a city, town or community incubator."""

    class Level(models.TextChoices):
        CITY = "city", _("市级")
        TOWN = "town", _("镇（街道）级")
        COMMUNITY = "community", _("村（社区）级")

    class Stage(models.TextChoices):
        INCUBATING = "incubating", _("孵化中")
        GRADUATED = "graduated", _("已出壳")
        STOPPED = "stopped", _("已终止")

    organization = models.ForeignKey(
        SocialOrganization, on_delete=models.CASCADE, related_name="incubations"
    )
    level = OptionField(_("孵化层级"), list_name="incubation_level")
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    start = models.DateField(_("开始日期"), validators=DATE_BOUNDS)
    end = models.DateField(_("结束日期"), null=True, blank=True, validators=DATE_BOUNDS)
    agency = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("孵化机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incubations",
    )

    class Meta:
        verbose_name = _("孵化记录")
        verbose_name_plural = _("孵化记录")
        ordering = ["organization", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="incubation_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_level_display()} · {self.get_stage_display()}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})

    @property
    def unit(self):
        return self.organization.unit


class Station(Retirable):
    """A social-work station (市级/镇街社工站) or a community social-work room (社工室)."""

    retirement_slug = "station"

    class Kind(models.TextChoices):
        CITY = "city", _("市级社工站")
        TOWN = "town", _("镇（街道）社工站")
        ROOM = "room", _("村（社区）社工室")

    name = NameField(_("名称"), max_length=100)
    kind = OptionField(_("类型"), list_name="station_kind")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所在单位"), on_delete=models.PROTECT, related_name="stations"
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    operator = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("运营机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_stations",
    )
    staff_count = models.PositiveSmallIntegerField(_("驻站人数"), default=0)
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    is_running = models.BooleanField(_("正常运行"), default=False)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True, validators=DATE_BOUNDS)
    check_note = models.CharField(_("核查情况"), max_length=300, blank=True)
    check_evidence = models.FileField(
        _("运行佐证（照片/PDF）"), upload_to="stations/%Y/", max_length=200, blank=True
    )

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("社工站点")
        verbose_name_plural = _("社工站点")
        ordering = ["kind", "unit__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="station_name_in_unit"),
            *retirement_constraints(),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:station-detail", args=[self.pk])

    def clean(self):
        errors = {}
        allowed = STATION_UNIT_KINDS.get(self.kind)
        if self.unit_id and allowed and self.unit.kind not in allowed:
            errors["unit"] = _("“%(kind)s”应设在%(where)s。") % {
                "kind": self.get_kind_display(),
                "where": STATION_PLACES[self.kind],
            }
        if self.is_running and not self.checked_on:
            errors["checked_on"] = _("标记为正常运行时请填写核查日期。")
        elif self.checked_on and self.checked_on > timezone.localdate():
            errors["checked_on"] = _("核查日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


# The built-in values of the lists a county may extend on /settings/lists/ (gongzhi.core.options);
# the classes above stay as their codes' names.
register_list("organization_category", _("社区社会组织类别"), SocialOrganization.Category.choices)
register_list("incubation_level", _("孵化层级"), Incubation.Level.choices)
register_list("station_kind", _("社工站点类型"), Station.Kind.choices)


class BrandProject(Retirable):
    """A brand activity project (品牌活动项目) of a year, run by an organisation."""

    retirement_slug = "brand"

    name = NameField(_("名称"), max_length=100)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        SocialOrganization,
        verbose_name=_("实施组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brand_projects",
    )
    communities = models.ManyToManyField("orgs.Unit", verbose_name=_("服务社区"), related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_BOUNDS)

    objects = RetirableQuerySet.as_manager()

    class Meta:
        verbose_name = _("品牌活动项目")
        verbose_name_plural = _("品牌活动项目")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name", "year"], name="brand_unique"),
            *retirement_constraints(),
        ]

    def __str__(self):
        return f"{self.name}（{self.year}）"

    def get_absolute_url(self):
        return reverse("community:brand-edit", args=[self.pk])
