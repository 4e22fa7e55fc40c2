"""Organisation pickers (gongzhi.core.pickers): past a few hundred organisations the select
lists the first by name and the chosen ones, and a search box finds the others
(`community:org-options`)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from gongzhi.core.pickers import bound_picker, chosen_values


def bound_organization_choices(form, name: str) -> None:
    bound_picker(
        form.fields[name],
        search_url=reverse_lazy("community:org-options"),
        placeholder=_("按名称查找社会组织"),
        order=("name", "pk"),
        keep=chosen_values(form, name),
    )
