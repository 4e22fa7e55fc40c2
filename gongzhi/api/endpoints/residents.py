"""Residents' needs (the raiser's name and phone masked as on the pages)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.views import read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.residents.filters import NeedFilter
from gongzhi.residents.models import Need

MODULE = module("residents", _("居民需求"))

read_only_endpoint(
    "needs",
    Need,
    module=MODULE,
    permission=Perm.HANDLE_NEEDS,
    english="Residents' needs",
    filterset_class=NeedFilter,
)
