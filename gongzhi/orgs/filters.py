from django.utils.translation import gettext_lazy as _

from gongzhi.core.filters import ListFilterSet, choice_filter
from gongzhi.core.kinds import UnitKind
from gongzhi.orgs.models import Unit


class UnitFilter(ListFilterSet):
    search_fields = ("name", "code")
    search_placeholder = _("名称或代码")

    kind = choice_filter(_("类型"), UnitKind.choices, _("全部类型"))

    class Meta:
        model = Unit
        fields = ["q", "kind"]
