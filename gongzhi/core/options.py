"""Configurable lists: the values of a choice (activity types, station kinds…) kept as `Option`
rows, so a county adds one on /settings/lists/ without code.

The app owning a list registers it with its built-in values (`register_list`) and stores codes in
an `OptionField`; its migrations create the built-in rows. Built-in labels are msgids shown
through gettext; labels typed on the page are shown as typed. A registered built-in that has no
row (e.g. after a test flushed the database) still counts, as an active built-in.

All the rows of all lists are read in one query, kept for the request (`OptionsMiddleware`) or
the background job (`options_cached`); outside those each call reads them again.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial, partialmethod

from django import forms
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import Option


@dataclass
class OptionList:
    name: str
    verbose_name: object
    raw_defaults: tuple  # (code, label) pairs, labels usually gettext_lazy

    def defaults(self) -> list[tuple[str, str]]:
        """The built-in (code, msgid) pairs: the labels untranslated."""
        with override(None):
            return [(str(code), str(label)) for code, label in self.raw_defaults]


@dataclass(frozen=True)
class Value:
    code: str
    label: str  # as stored: a built-in's msgid, or the text typed on the page
    is_active: bool = True
    is_builtin: bool = False
    order: int = 0

    @property
    def display(self) -> str:
        return gettext(self.label) if self.is_builtin else self.label


LISTS: dict[str, OptionList] = {}
_USERS: dict[str, list] = {}  # list name → (model, attname) of the OptionFields storing its codes


def register_list(name: str, verbose_name, defaults: Iterable[tuple]) -> str:
    """Declare a list and its built-in values (e.g. a TextChoices' `.choices`)."""
    LISTS[name] = OptionList(name, verbose_name, tuple(defaults))
    return name


# --- reading, cached per request or job -------------------------------------------------------

_cache: ContextVar[dict | None] = ContextVar("option_lists", default=None)


@contextmanager
def options_cached():
    """Read the lists at most once inside the block (a request, a background job)."""
    token = _cache.set({})
    try:
        yield
    finally:
        _cache.reset(token)


def forget() -> None:
    """Drop what the current block read: a list was just changed."""
    store = _cache.get()
    if store is not None:
        store.clear()


class OptionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with options_cached():
            return self.get_response(request)


def _read() -> dict[str, list[Value]]:
    store = _cache.get()
    if store is not None and "values" in store:
        return store["values"]
    by_list: dict[str, list[Value]] = {}
    for row in Option.objects.order_by("order", "pk"):
        by_list.setdefault(row.list_name, []).append(
            Value(row.code, row.label, row.is_active, row.is_builtin, row.order)
        )
    for name, spec in LISTS.items():
        stored = by_list.get(name, [])
        have = {value.code for value in stored}
        missing = [
            Value(code, label, is_builtin=True, order=index * 10)
            for index, (code, label) in enumerate(spec.defaults(), start=1)
            if code not in have
        ]
        by_list[name] = sorted(missing + stored, key=lambda value: value.order)
    if store is not None:
        store["values"] = by_list
    return by_list


def values(name: str, active_only: bool = True) -> list[Value]:
    if name not in LISTS:
        raise KeyError(f"unknown option list {name!r}")
    found = _read().get(name, [])
    return [value for value in found if value.is_active or not active_only]


def value_of(name: str, code: str) -> Value | None:
    return next((value for value in values(name, False) if value.code == code), None)


def options(name: str, active_only: bool = True) -> list[tuple[str, str]]:
    """The list as choices: [(code, label shown)]."""
    return [(value.code, value.display) for value in values(name, active_only)]


def label_of(name: str, code: str) -> str:
    """The label shown for a stored code (a deactivated value's too); an unknown code as is."""
    if not code:
        return ""
    value = value_of(name, code)
    return value.display if value else code


def file_label(name: str, code: str) -> str:
    """The label as stored (Chinese for built-ins), for files that are read back."""
    value = value_of(name, code) if code else None
    return value.label if value else (code or "")


def code_for(name: str, text: str) -> str | None:
    """The code a file's cell names, by its stored label or its code."""
    for value in values(name, False):
        if text in (value.code, value.label):
            return value.code
    return None


def in_use(name: str, code: str) -> bool:
    """Whether a record stores the code."""
    return any(
        model._base_manager.filter(**{attname: code}).exists()
        for model, attname in _USERS.get(name, [])
    )


# --- the model field and its form field --------------------------------------------------------


def _display(instance, *, field):
    return label_of(field.list_name, getattr(instance, field.attname))


class OptionField(models.CharField):
    """A code of a configurable list. Any active code is accepted; a record keeps a value that
    was deactivated since; anything else is refused naming the field. `get_FOO_display()`
    shows the label."""

    def __init__(self, *args, list_name: str, **kwargs):
        self.list_name = list_name
        kwargs.setdefault("max_length", 20)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["list_name"] = self.list_name
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, f"get_{self.name}_display", partialmethod(_display, field=self))
        if cls.__module__ != "__fake__" and not cls._meta.abstract:  # not a migration's model
            _USERS.setdefault(self.list_name, []).append((cls, self.attname))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value not in self.empty_values:
            self.check_option(value, model_instance)

    def check_option(self, value, instance):
        option = value_of(self.list_name, value)
        if option is not None and option.is_active:
            return
        if option is not None and self._kept(value, instance):
            return
        params = {"field": self.verbose_name, "value": value}
        if option is None:
            raise ValidationError(
                _("“%(field)s”没有“%(value)s”这个可选值。"), code="unknown_option", params=params
            )
        params["value"] = option.display
        raise ValidationError(
            _("“%(field)s”的“%(value)s”已停用，请另选。"), code="inactive_option", params=params
        )

    def _kept(self, value, instance) -> bool:
        """An existing record that already stores the (deactivated) value keeps it."""
        if instance is None or instance._state.adding or instance.pk is None:
            return False
        manager = type(instance)._base_manager
        return manager.filter(pk=instance.pk, **{self.attname: value}).exists()

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self, form_class=OptionChoiceField, list_name=self.list_name, **kwargs
        )


def form_choices(name: str) -> list[tuple[str, str]]:
    return [*BLANK_CHOICE_DASH, *options(name)]


class OptionSelect(forms.Select):
    """Offers the active values, and the record's own value when it has been deactivated."""

    def __init__(self, attrs=None, choices=(), *, list_name=""):
        super().__init__(attrs, choices)
        self.list_name = list_name

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        offered = {str(code) for code, _label in self.choices}
        for code in value:
            if code and code not in offered:
                index = len(groups)
                label = label_of(self.list_name, code)
                option = self.create_option(name, code, label, True, index)
                groups.append((None, [option], index))
        return groups


class OptionChoiceField(forms.ChoiceField):
    """The active values of a list, read when the form is shown. Which value a record may hold
    is the model field's to decide (`OptionField.check_option`), with a message naming it."""

    def __init__(self, *, list_name: str, **kwargs):
        self.list_name = list_name
        kwargs.setdefault("widget", OptionSelect(list_name=list_name))
        super().__init__(choices=partial(form_choices, list_name), **kwargs)

    def valid_value(self, value):
        return True


# --- for the data migrations of the apps owning lists -----------------------------------------


def builtins_migration(lists: dict[str, list[tuple[str, str]]]):
    """A RunPython that creates (and, backwards, removes) built-in rows: `lists` maps a list
    name to its (code, Chinese label) pairs, written out in the migration."""

    def create(apps, schema_editor):
        model = apps.get_model("core", "Option")
        for name, pairs in lists.items():
            for index, (code, label) in enumerate(pairs, start=1):
                model.objects.update_or_create(
                    list_name=name,
                    code=code,
                    defaults={"label": label, "order": index * 10, "is_builtin": True},
                )

    def remove(apps, schema_editor):
        model = apps.get_model("core", "Option")
        model.objects.filter(list_name__in=list(lists), is_builtin=True).delete()

    return migrations.RunPython(create, remove)
