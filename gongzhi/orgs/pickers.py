"""Unit pickers (gongzhi.core.pickers) whose search box finds units by name among those the
form offers: of its kinds, kept with its permission (`orgs:unit-options`)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.pickers import bound_picker


def options_url(kinds, permission) -> str:
    query = {"kinds": ",".join(kinds or ()), "perm": permission or ""}
    return f"{reverse('orgs:unit-options')}?{urlencode(query)}"


def bound_unit_choices(field, *, kinds, permission, keep=()) -> None:
    """Draw a unit field as a picker: its units in tree order, searchable past a few hundred."""
    bound_picker(
        field,
        search_url=options_url(kinds, permission),
        placeholder=_("按名称查找单位"),
        order=("path",),
        keep=keep,
    )
