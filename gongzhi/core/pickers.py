"""Pickers that stay small however many records a user reaches (a province office reaches
~28,000 communities and as many organisations): a select lists at most
`GZ_PICKER_SHOWN` records, the chosen ones always among them, and a search box above it
asks the server for the records named like what is typed (htmx). Validation still accepts
every record of the field's queryset; nothing is read until the form is drawn."""

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

FOUND = 20
_HINT = _("只列出一部分，其他请在上方输入名称查找。")


class ShownChoices(ModelChoiceIterator):
    """A model select's options from `shown`, not from the field's whole queryset."""

    def __init__(self, field, shown):
        super().__init__(field)
        self.queryset = shown


class BoundedChoices(ModelChoiceIterator):
    """The field's records in `order`, read once: all of them when they are at most
    `GZ_PICKER_SHOWN` (one query, as a plain select), else the first of them and the records
    in `keep` (`bounded` is then true)."""

    def __init__(self, field, *, order, keep=()):
        super().__init__(field)
        self.order = order
        self.keep = {int(pk) for pk in keep if str(pk or "").isdigit()}
        self.bounded = False
        self._rows = None

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from (self.choice(row) for row in self.rows())

    def rows(self) -> list:
        if self._rows is None:
            shown = settings.GZ_PICKER_SHOWN
            ordered = self.queryset.order_by(*self.order)
            self._rows = list(ordered[: shown + 1])
            self.bounded = len(self._rows) > shown
            if self.bounded:
                first = self._rows[:shown]
                missing = self.keep - {row.pk for row in first}
                extra = list(ordered.filter(pk__in=missing)) if missing else []
                self._rows = first + extra
        return self._rows


class _SearchBox:
    """Draws the search box above the select when its choices are bounded. The box belongs to
    no form, so it is never submitted; a multiple select sends what is selected along, so
    the answer keeps it."""

    def __init__(self, *, search_url: str, placeholder: str, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.placeholder = placeholder

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        if not getattr(self.choices, "bounded", False):
            return select
        target = {**self.attrs, **(attrs or {})}.get("id") or f"id_{name}"
        url = self.search_url
        if self.allow_multiple_selected:
            url += ("&" if "?" in url else "?") + f"keep={name}"
        return format_html(
            '<input type="search" name="q" form="gz-search" maxlength="100" '
            'class="form-control form-control-sm mb-1" placeholder="{}" aria-label="{}" '
            'hx-get="{}" hx-trigger="input changed delay:300ms, search" hx-target="#{}" '
            'hx-include="{}" hx-swap="innerHTML" data-testid="picker-search">{}'
            '<div class="form-text">{}</div>',
            self.placeholder,
            self.placeholder,
            url,
            target,
            f"#{target}" if self.allow_multiple_selected else "this",
            select,
            _HINT,
        )


class SearchSelect(_SearchBox, forms.Select):
    pass


class SearchSelectMultiple(_SearchBox, forms.SelectMultiple):
    pass


def bound_picker(field, *, search_url: str, placeholder: str, order, keep=()) -> None:
    """Draw `field` (a model choice field) with a bounded list and a search box."""
    multiple = isinstance(field, forms.ModelMultipleChoiceField)
    widget_class = SearchSelectMultiple if multiple else SearchSelect
    picker = widget_class(search_url=search_url, placeholder=placeholder, attrs=field.widget.attrs)
    picker.is_required = field.required
    picker.choices = BoundedChoices(field, order=order, keep=keep)
    field.widget = picker


def search_answer(request, queryset, *, order, lookup="name__icontains", label=str) -> dict:
    """What a picker's search endpoint shows: up to FOUND records of `queryset` matching the
    typed words, after those still selected in a multiple select (sent as `keep`), each as
    (pk, `label(record)`)."""
    words = request.GET.get("q", "").strip()[:100]
    keep = request.GET.get("keep", "")
    held = [int(pk) for pk in request.GET.getlist(keep) if pk.isdigit()] if keep else []
    found = list(queryset.filter(**{lookup: words}).order_by(*order)[:FOUND]) if words else []
    missing = set(held) - {row.pk for row in found}
    kept = list(queryset.filter(pk__in=missing).order_by(*order)) if missing else []
    rows = [(row.pk, label(row)) for row in kept + found]
    return {"rows": rows, "selected": set(held), "words": words, "multiple": bool(keep)}


def options_response(answer: dict) -> HttpResponse:
    """A search endpoint's <option>s. Drawn without the request: a fragment needs none of the
    page frame's context (menu, to-do badge), which would cost more than the search."""
    return HttpResponse(render_to_string("core/picker_options.html", answer))


def chosen_values(form, name) -> list:
    """The pks a form's field holds: as submitted, else as it starts (one or many)."""
    if form.is_bound:
        key = form.add_prefix(name)
        value = form.data.getlist(key) if hasattr(form.data, "getlist") else form.data.get(key)
    else:
        value = form.initial.get(name) or form.fields[name].initial
    items = value if isinstance(value, list | tuple) else [value]
    return [getattr(item, "pk", item) for item in items]
