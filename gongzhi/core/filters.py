import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditEntry


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("关键词"),
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("账号、对象、单位、说明或 IP")}),
    )
    action = django_filters.ChoiceFilter(
        label=_("操作"), choices=AuditEntry.Action.choices, empty_label=_("全部操作")
    )
    since = django_filters.DateFilter(
        label=_("起始日期"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("截止日期"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "since", "until"]

    def search(self, queryset, name, value):
        """Matches the account, the object, the unit or the address."""
        value = value.strip()
        return queryset.filter(
            Q(actor_label__icontains=value)
            | Q(object_repr__icontains=value)
            | Q(unit__name__icontains=value)
            | Q(message__icontains=value)
            | Q(ip__startswith=value)
        )
