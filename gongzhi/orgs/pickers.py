"""Unit pickers (gongzhi.core.pickers) whose search box finds units by name among those the
form offers: of its kinds, kept with its permission or in the region around a unit
(`orgs:unit-options`)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.pickers import bound_picker, chosen_values

PLACEHOLDER = _("按名称查找单位")


def options_url(kinds, permission="", around=None) -> str:
    query = {"kinds": ",".join(kinds or ()), "perm": permission or ""}
    if around is not None:
        query["around"] = around.pk
    return f"{reverse('orgs:unit-options')}?{urlencode(query)}"


def bound_unit_choices(field, *, kinds, permission, keep=()) -> None:
    """Draw a unit field as a picker: its units in tree order, searchable past a few hundred."""
    bound_picker(
        field,
        search_url=options_url(kinds, permission),
        placeholder=PLACEHOLDER,
        order=("path",),
        keep=keep,
    )


def bound_region_choices(form, name: str, *, around, kinds=()) -> None:
    """Draw a form's field of the units in `around`'s region (a transfer's or a decision's
    unit) as a picker, searchable among the region's units of `kinds`."""
    bound_picker(
        form.fields[name],
        search_url=options_url(kinds, around=around),
        placeholder=PLACEHOLDER,
        order=("path",),
        keep=chosen_values(form, name),
    )
