from django.utils.translation import gettext_lazy as _

from gongzhi.core.filters import ListFilterSet, date_filter, option_filter
from gongzhi.services.models import ServiceLog, ServiceProject


class ProjectFilter(ListFilterSet):
    search_fields = ("title", "agreement_number", "buyer__name", "agency__name")
    search_placeholder = _("项目名称、协议编号、购买单位或机构")

    method = option_filter(_("购买方式"), "purchase_method", _("全部购买方式"))

    class Meta:
        model = ServiceProject
        fields = ["q", "method"]


class LogFilter(ListFilterSet):
    search_fields = ("description", "project__title", "worker__name", "community__name")
    search_placeholder = _("服务内容、项目、社工或社区")

    kind = option_filter(_("服务类型"), "service_kind", _("全部类型"))
    since = date_filter(_("起始日期"), field_name="date", lookup_expr="gte")
    until = date_filter(_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = ServiceLog
        fields = ["q", "kind", "since", "until"]
