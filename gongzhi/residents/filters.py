import django_filters
from django.utils.translation import gettext_lazy as _

from gongzhi.core import clock
from gongzhi.core.filters import ListFilterSet
from gongzhi.residents.models import Need, NeedCategory


def _categories(request):
    if request is None:
        return NeedCategory.objects.none()
    return NeedCategory.objects.visible_to(request.user)


class NeedFilter(ListFilterSet):
    search_fields = ("description", "place", "receipt_code", "community__name")
    search_placeholder = _("内容、地点、回执码或社区")

    show = django_filters.ChoiceFilter(
        label=_("范围"),
        empty_label=_("全部"),
        method="filter_show",
        choices=[
            ("open", _("办理中（未办结）")),
            ("overdue", _("已逾期")),
            ("closed", _("已办结或不予受理")),
        ],
    )
    category = django_filters.ModelChoiceFilter(
        label=_("类别"), empty_label=_("全部类别"), queryset=_categories
    )

    class Meta:
        model = Need
        fields = ["q", "show", "category"]

    def filter_show(self, queryset, name, value):
        if value == "open":
            return queryset.filter(state__in=Need.OPEN)
        if value == "overdue":
            return queryset.filter(state__in=Need.OPEN, due__lt=clock.today())
        return queryset.filter(state__in=Need.CLOSED)
