"""Typical cases and publicity records (read-only)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.views import read_only_endpoint
from gongzhi.cases.filters import CaseFilter, PublicityFilter
from gongzhi.cases.models import Case, Publicity
from gongzhi.core.roles import Perm

MODULE = module("cases", _("典型案例与宣传"))

read_only_endpoint(
    "cases",
    Case,
    module=MODULE,
    permission=Perm.VIEW_REGISTRIES,
    english="Typical cases",
    filterset_class=CaseFilter,
)
read_only_endpoint(
    "publicity",
    Publicity,
    module=MODULE,
    permission=Perm.VIEW_REGISTRIES,
    english="Publicity records: reports, features and honours in the media",
    filterset_class=PublicityFilter,
)
