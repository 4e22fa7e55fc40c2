from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Case, Publicity
from gongzhi.core.filters import ListFilterSet, choice_filter, date_filter, option_filter

PUBLIC_CHOICES = [("1", _("已公开")), ("0", _("未公开"))]


class CaseFilter(ListFilterSet):
    search_fields = ("title", "summary", "tags", "unit__name")
    search_placeholder = _("标题、简介、标签或单位")

    type = option_filter(_("类型"), "case_type", _("全部类型"))
    public = choice_filter(_("公开"), PUBLIC_CHOICES, _("全部"), method="by_public")
    since = date_filter(_("起始日期"), field_name="date", lookup_expr="gte")
    until = date_filter(_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Case
        fields = ["q", "type", "public", "since", "until"]

    def by_public(self, queryset, name, value):
        return queryset.filter(is_public=value == "1")


class PublicityFilter(ListFilterSet):
    search_fields = ("title", "media", "unit__name")
    search_placeholder = _("标题、媒体或单位")

    media_level = option_filter(_("媒体级别"), "media_level", _("全部级别"))
    kind = option_filter(_("宣传形式"), "publicity_type", _("全部形式"))
    since = date_filter(_("起始日期"), field_name="date", lookup_expr="gte")
    until = date_filter(_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = Publicity
        fields = ["q", "media_level", "kind", "since", "until"]
