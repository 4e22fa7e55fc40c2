"""Typical cases (典型案例, §六(四) of the plan: good practices collected and promoted) and
publicity records (宣传报道: a report in the media, with its link or a clipping).

Both are kept by the unit that wrote them up and read by the units above it; a case is shown on
the public pages only once the office or the street above it has made it public.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import NameField
from gongzhi.core.models import StoredFile
from gongzhi.core.options import OptionField, register_list
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.validators import DATE_BOUNDS


class CaseType(models.TextChoices):
    PARTY_LEADERSHIP = "party", _("党建引领")
    FIVE_SOCIAL = "five_social", _("五社联动")
    SELF_GOVERNANCE = "selfgov", _("居民自治")
    ELDERLY = "elderly", _("为老服务")
    CHILDREN = "children", _("儿童关爱")
    ETHNIC_UNITY = "ethnic", _("民族团结")
    SAFETY = "safety", _("平安建设")
    OTHER = "other", _("其他")


class MediaLevel(models.TextChoices):
    CENTRAL = "central", _("中央级")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    OTHER = "other", _("其他")


class PublicityType(models.TextChoices):
    REPORT = "report", _("新闻报道")
    FEATURE = "feature", _("专题")
    VIDEO = "video", _("短视频")
    POST = "post", _("图文推送")
    OTHER = "other", _("其他")


register_list("case_type", _("典型案例类型"), CaseType.choices)
register_list("media_level", _("媒体级别"), MediaLevel.choices)
register_list("publicity_type", _("宣传形式"), PublicityType.choices)


class CaseQuerySet(ScopedQuerySet):
    def public(self):
        return self.filter(is_public=True)


class Case(models.Model):
    """A typical case: what a unit did that is worth telling, with photos."""

    title = NameField(_("标题"), max_length=200)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    type = OptionField(_("类型"), list_name="case_type", db_index=True)
    date = models.DateField(_("形成日期"), validators=DATE_BOUNDS)
    summary = models.TextField(_("案例简介"))
    tags = models.CharField(
        _("标签"), max_length=200, blank=True, help_text=_("多个标签用逗号或顿号分隔")
    )
    task = models.ForeignKey(
        "programs.Task",
        verbose_name=_("关联任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_public = models.BooleanField(_("公开展示"), default=False, editable=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:case-detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return split_tags(self.tags)


def split_tags(text: str) -> list[str]:
    """Tags typed as "党建, 为老、志愿" → ["党建", "为老", "志愿"] (no blanks, no repeats)."""
    for separator in "，、;；":
        text = text.replace(separator, ",")
    return list(dict.fromkeys(tag.strip() for tag in text.split(",") if tag.strip()))


class CasePhotoQuerySet(ScopedQuerySet):
    scope = Scope(via="case")


class CasePhoto(StoredFile):
    upload_folder = "cases"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")

    objects = CasePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("案例照片")
        verbose_name_plural = _("案例照片")
        ordering = ["case", "pk"]

    @property
    def unit(self):
        return self.case.unit


class PublicityQuerySet(ScopedQuerySet):
    # The community of the case it reports on reads it too.
    scope = Scope(owner="unit__path", also=("case__unit__path",))


class Publicity(models.Model):
    """A report about the program in the media (or its own channels), with a link or a clipping."""

    title = NameField(_("标题"), max_length=200)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+"
    )
    media = models.CharField(_("媒体名称"), max_length=100)
    media_level = OptionField(_("媒体级别"), list_name="media_level", db_index=True)
    kind = OptionField(_("宣传形式"), list_name="publicity_type", db_index=True)
    date = models.DateField(_("发布日期"), validators=DATE_BOUNDS)
    link = models.URLField(_("链接"), max_length=500, blank=True)
    case = models.ForeignKey(
        Case,
        verbose_name=_("关联案例"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publicity",
    )
    task = models.ForeignKey(
        "programs.Task",
        verbose_name=_("关联任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicityQuerySet.as_manager()

    class Meta:
        verbose_name = _("宣传报道")
        verbose_name_plural = _("宣传报道")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cases:publicity-detail", args=[self.pk])


class ClippingQuerySet(ScopedQuerySet):
    scope = Scope(via="publicity")


class Clipping(StoredFile):
    """A clipping (scan, screenshot, PDF) of a publicity record."""

    upload_folder = "publicity"

    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="clippings")

    objects = ClippingQuerySet.as_manager()

    class Meta:
        verbose_name = _("报道剪报")
        verbose_name_plural = _("报道剪报")
        ordering = ["publicity", "pk"]

    @property
    def unit(self):
        return self.publicity.unit
