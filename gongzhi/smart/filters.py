from django.utils.translation import gettext_lazy as _

from gongzhi.core.filters import ListFilterSet, choice_filter
from gongzhi.smart.models import Alarm, ElevatorDevice, FaultType, RejectedMessage


class AlarmFilter(ListFilterSet):
    search_fields = ("device__name", "device__building", "device__registration_code")
    search_placeholder = _("搜索设备、楼栋或注册代码")

    state = choice_filter(_("状态"), Alarm.State.choices, _("全部状态"))
    fault = choice_filter(_("故障类型"), FaultType.choices, _("全部类型"))

    class Meta:
        model = Alarm
        fields = ["q", "state", "fault"]


class DeviceFilter(ListFilterSet):
    search_fields = ("name", "building", "registration_code")
    search_placeholder = _("搜索设备、楼栋或注册代码")

    class Meta:
        model = ElevatorDevice
        fields = ["q"]


class RejectedFilter(ListFilterSet):
    search_fields = ("reason", "topic")
    search_placeholder = _("搜索原因或主题")

    channel = choice_filter(_("通道"), Alarm.Channel.choices, _("全部通道"))

    class Meta:
        model = RejectedMessage
        fields = ["q", "channel"]
