from django.utils.translation import gettext_lazy as _

from gongzhi.core.filters import ListFilterSet, choice_filter, date_filter, option_filter
from gongzhi.funds.models import FundEntry


class LedgerFilter(ListFilterSet):
    search_fields = ("note", "project__title", "project__buyer__name")
    search_placeholder = _("摘要、项目或购买单位")

    kind = choice_filter(_("类别"), FundEntry.Kind.choices, _("全部类别"))
    source = option_filter(_("资金来源"), "fund_source", _("全部来源"))
    since = date_filter(_("起始日期"), field_name="date", lookup_expr="gte")
    until = date_filter(_("截止日期"), field_name="date", lookup_expr="lte")

    class Meta:
        model = FundEntry
        fields = ["q", "kind", "source", "since", "until"]
