"""Activities and meetings, with their sign-ins (phones masked as on the pages)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action

from gongzhi.activities.filters import ActivityFilter
from gongzhi.activities.models import Activity, Decision, SignIn
from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module
from gongzhi.api.serializers import exposed_fields, read_serializer
from gongzhi.api.views import ReadOnlyScopedViewSet, read_only_endpoint
from gongzhi.core.roles import Perm

MODULE = module("activities", _("活动与签到"))

SignInSerializer = read_serializer(SignIn, exposed_fields(SignIn))


class ActivityBase(ReadOnlyScopedViewSet):
    @extend_schema(
        responses=SignInSerializer(many=True),
        **bilingual("活动的签到名单（手机号脱敏）", "An activity's sign-ins (phones masked)"),
    )
    @action(detail=True, methods=["get"], serializer_class=SignInSerializer, filterset_class=None)
    def signins(self, request, pk=None):
        activity = self.get_object()
        page = self.paginate_queryset(activity.signins.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


read_only_endpoint(
    "activities",
    Activity,
    module=MODULE,
    permission=Perm.VIEW_REGISTRIES,
    english="Activities and meetings",
    filterset_class=ActivityFilter,
    base=ActivityBase,
)
read_only_endpoint(
    "decisions",
    Decision,
    module=MODULE,
    permission=Perm.VIEW_REGISTRIES,
    english="Decisions of meetings, followed to closure",
)
