"""The registries' list filters."""

import django_filters
from django.utils.translation import gettext_lazy as _

from gongzhi.community.models import (
    BrandProject,
    Donor,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
)
from gongzhi.core.filters import ListFilterSet, choice_filter, option_filter
from gongzhi.core.validators import YEAR_BOUNDS

RETIRED_CHOICES = [("with", _("含已停用")), ("only", _("仅已停用"))]


class RegistryFilterSet(ListFilterSet):
    """A registry's filter: records in use only, unless 显示已停用 asks for the deactivated ones."""

    retired = choice_filter(
        _("显示已停用"), RETIRED_CHOICES, _("不含已停用"), method="show_retired"
    )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset if self.form.cleaned_data.get("retired") else queryset.in_use()

    def show_retired(self, queryset, name, value):
        return queryset.deactivated() if value == "only" else queryset


class OrganizationFilter(RegistryFilterSet):
    search_fields = ("name", "credit_code", "unit__name")
    search_placeholder = _("名称、代码或社区")

    category = option_filter(_("类别"), "organization_category", _("全部类别"))
    filing = choice_filter(_("登记备案"), SocialOrganization.Filing.choices, _("登记备案"))

    class Meta:
        model = SocialOrganization
        fields = ["q", "category", "filing", "retired"]


class StationFilter(RegistryFilterSet):
    search_fields = ("name", "address", "unit__name")
    search_placeholder = _("名称、地址或单位")

    kind = option_filter(_("类型"), "station_kind", _("全部类型"))

    class Meta:
        model = Station
        fields = ["q", "kind", "retired"]


class BrandProjectFilter(RegistryFilterSet):
    search_fields = ("name", "organization__name")
    search_placeholder = _("项目或实施组织")

    year = django_filters.NumberFilter(label=_("年度"), validators=YEAR_BOUNDS)

    class Meta:
        model = BrandProject
        fields = ["q", "year", "retired"]


class WorkerFilter(RegistryFilterSet):
    qualification = choice_filter(
        _("职业资格"), SocialWorker.Qualification.choices, _("全部职业资格")
    )

    class Meta:
        model = SocialWorker
        fields = ["q", "qualification", "retired"]


class VolunteerFilter(RegistryFilterSet):
    search_fields = ("name", "skills")
    search_placeholder = _("姓名或特长")

    class Meta:
        model = Volunteer
        fields = ["q", "retired"]


class DonorFilter(RegistryFilterSet):
    search_fields = ("name", "contact_name")
    search_placeholder = _("名称或联系人")

    kind = choice_filter(_("类型"), Donor.Kind.choices, _("全部类型"))

    class Meta:
        model = Donor
        fields = ["q", "kind", "retired"]
