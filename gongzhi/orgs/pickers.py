"""Unit pickers that stay small however many units a user reaches (a province office reaches
~28,000 communities): the select lists at most `GZ_UNIT_PICKER_SHOWN` of them, the chosen one
and the user's own seats always among them, and a search box beside it finds any other by
name (`orgs:unit-options`, htmx). Validation still accepts every unit of the field's queryset."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

FOUND_UNITS = 20


class ShownChoices(ModelChoiceIterator):
    """A model select's options from `shown`, not from the field's whole queryset."""

    def __init__(self, field, shown):
        super().__init__(field)
        self.queryset = shown


class BoundedChoices(ModelChoiceIterator):
    """The field's units in tree order, read once and only when the select is drawn: all of
    them when they are at most `GZ_UNIT_PICKER_SHOWN` (one query, as a plain select), else the
    first of them and the units in `keep` (`bounded` is then true)."""

    def __init__(self, field, keep=()):
        super().__init__(field)
        self.keep = [int(pk) for pk in keep if str(pk or "").isdigit()]
        self.bounded = False
        self._units = None

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from (self.choice(unit) for unit in self.units())

    def units(self) -> list:
        if self._units is None:
            shown = settings.GZ_UNIT_PICKER_SHOWN
            units = self.queryset.order_by("path")
            self._units = list(units[: shown + 1])
            self.bounded = len(self._units) > shown
            if self.bounded:
                first = self._units[:shown]
                missing = set(self.keep) - {unit.pk for unit in first}
                extra = list(units.filter(pk__in=missing)) if missing else []
                self._units = sorted(first + extra, key=lambda unit: unit.path)
        return self._units


class UnitPicker(forms.Select):
    """A unit select that, when its choices are bounded, has a search box above it replacing
    its options with the units named like what is typed. The box belongs to no form, so it is
    never submitted."""

    def __init__(self, *, search_url: str, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        if not getattr(self.choices, "bounded", False):
            return select
        target = {**self.attrs, **(attrs or {})}.get("id") or f"id_{name}"
        label = _("按名称查找单位")
        return format_html(
            '<input type="search" name="q" form="gz-unit-search" maxlength="100" '
            'class="form-control form-control-sm mb-1" placeholder="{}" aria-label="{}" '
            'hx-get="{}" hx-trigger="input changed delay:300ms, search" hx-target="#{}" '
            'hx-swap="innerHTML" data-testid="unit-search">{}<div class="form-text">{}</div>',
            label,
            label,
            self.search_url,
            target,
            select,
            _("单位较多，只列出一部分；其他单位请在上方输入名称查找。"),
        )


def options_url(kinds, permission) -> str:
    query = {"kinds": ",".join(kinds or ()), "perm": permission or ""}
    return f"{reverse('orgs:unit-options')}?{urlencode(query)}"


def bound_choices(field, *, kinds, permission, keep=()) -> None:
    """Draw `field` (a unit ModelChoiceField) as a UnitPicker: a plain select of its units
    while they are few; past `GZ_UNIT_PICKER_SHOWN`, the first of them in tree order, the units
    in `keep` (pks: the chosen one, the user's seats) and the search box. Nothing is read
    until the form is drawn."""
    picker = UnitPicker(search_url=options_url(kinds, permission), attrs=field.widget.attrs)
    picker.is_required = field.required
    picker.choices = BoundedChoices(field, keep)
    field.widget = picker
