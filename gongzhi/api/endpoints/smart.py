"""Smart community: elevator devices (never their key or secret) and their alarms, which the
responsible units acknowledge and resolve through the same services as the pages."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from gongzhi.api.docs import bilingual
from gongzhi.api.registry import module
from gongzhi.api.serializers import display
from gongzhi.api.views import ReadOnlyScopedViewSet, read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.core.views import role_allows
from gongzhi.smart import services
from gongzhi.smart.filters import AlarmFilter, DeviceFilter
from gongzhi.smart.models import Alarm, ElevatorDevice

MODULE = module("smart", _("智慧社区"))
DEVICE_SECRETS = ("key_hash", "secret")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("说明（解除时必填处置结果）")
    )


class AlarmBase(ReadOnlyScopedViewSet):
    def narrow_queryset(self, queryset):
        return queryset.select_related("device")

    @extend_schema(
        request=NoteSerializer,
        **bilingual(
            "确认告警（开始处置，停止升级）", "Acknowledge: someone is on it, escalation stops"
        ),
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def acknowledge(self, request, pk=None):
        return self._change(services.alarm_acknowledge)

    @extend_schema(
        request=NoteSerializer,
        **bilingual(
            "解除告警（须填写处置结果）", "Resolve (the note saying what was done is required)"
        ),
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def resolve(self, request, pk=None):
        return self._change(services.alarm_resolve)

    def _change(self, service):
        alarm = self.get_object()
        if not role_allows(self.request.user, alarm, Perm.HANDLE_ALARMS, changes=True):
            raise PermissionDenied
        notes = NoteSerializer(data=self.request.data)
        notes.is_valid(raise_exception=True)
        service(actor=self.request.user, alarm=alarm, note=notes.validated_data.get("note", ""))
        fresh = self.get_queryset().get(pk=alarm.pk)
        return Response(self.get_serializer(fresh).data)


read_only_endpoint(
    "elevator-devices",
    ElevatorDevice,
    module=MODULE,
    permission=Perm.VIEW_SMART,
    english="Elevator monitoring devices (never their key or secret)",
    filterset_class=DeviceFilter,
    exclude=DEVICE_SECRETS,
)
read_only_endpoint(
    "alarms",
    Alarm,
    module=MODULE,
    permission=Perm.VIEW_SMART,
    english="Elevator alarms, filtered by state and fault type",
    filterset_class=AlarmFilter,
    extra={
        "state_label": display("get_state_display"),
        "fault_label": display("get_fault_display"),
    },
    base=AlarmBase,
)
