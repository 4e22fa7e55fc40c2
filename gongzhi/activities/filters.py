from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity
from gongzhi.core.filters import ListFilterSet, option_filter


class ActivityFilter(ListFilterSet):
    search_fields = ("title", "place", "community__name")
    search_placeholder = _("名称、地点或社区")

    type = option_filter(_("类型"), "activity_type", _("全部类型"))

    class Meta:
        model = Activity
        fields = ["q", "type"]
