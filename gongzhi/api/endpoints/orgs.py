from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module, register
from gongzhi.api.serializers import display, read_serializer
from gongzhi.api.views import ReadOnlyScopedViewSet
from gongzhi.core.roles import Perm
from gongzhi.orgs.filters import UnitFilter
from gongzhi.orgs.models import Unit

MODULE = module("orgs", _("组织机构"))

UnitSerializer = read_serializer(
    Unit,
    ["id", "name", "kind", "kind_label", "code", "path", "depth", "is_active"],
    extra={"kind_label": display("get_kind_display")},
)


@extend_schema_view(
    list=extend_schema(**bilingual("单位列表（本人权限范围内）", "Units within your reach")),
    retrieve=extend_schema(**bilingual("单位详情", "One unit")),
)
class UnitViewSet(ReadOnlyScopedViewSet):
    model = Unit
    permission = Perm.VIEW_UNITS
    module = MODULE
    serializer_class = UnitSerializer
    filterset_class = UnitFilter


register("units", UnitViewSet)
