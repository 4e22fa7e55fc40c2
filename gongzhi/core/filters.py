"""List filters (django-filter): one FilterSet per list page, shared later with the API."""

from functools import partial

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core import audit_search, options
from gongzhi.core.models import AuditEntry


class ListFilterSet(django_filters.FilterSet):
    """A list page's filter bar: `q` searches `search_fields`; every field gets the filter bar's
    look and its label as the accessible name."""

    search_fields: tuple[str, ...] = ("name",)
    search_placeholder = _("搜索名称")

    q = django_filters.CharFilter(label=_("搜索"), method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            field.widget.attrs.setdefault("aria-label", field.label)
            field.widget.attrs.setdefault("placeholder", field.label)
        self.form.fields["q"].widget.attrs["placeholder"] = self.search_placeholder

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


def choice_filter(label, choices, empty_label, **kwargs):
    """A select over `choices` whose empty option reads e.g. “全部类型”."""
    return django_filters.ChoiceFilter(
        label=label, choices=choices, empty_label=empty_label, **kwargs
    )


def option_filter(label, list_name, empty_label, **kwargs):
    """A select over a configurable list, read when the page is shown; deactivated values stay,
    to find the records that hold them."""
    return choice_filter(
        label, partial(options.options, list_name, active_only=False), empty_label, **kwargs
    )


def date_filter(label, **kwargs):
    return django_filters.DateFilter(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs
    )


class AuditFilter(ListFilterSet):
    search_placeholder = _("账号、对象、单位、说明或 IP")

    action = choice_filter(_("操作"), AuditEntry.Action.choices, _("全部操作"))
    since = date_filter(_("起始日期"), field_name="at", lookup_expr="date__gte")
    until = date_filter(_("截止日期"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "since", "until"]

    def search(self, queryset, name, value):
        """Matches the account, the object, the unit, the message or the address."""
        return audit_search.matching(queryset, value.strip())
