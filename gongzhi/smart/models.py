"""Smart community: elevator devices registered per community and building, the alarms they send
(modelled on the elevator IoT standard GB/T 24476) and the messages refused at ingestion.

An alarm is kept by the device's community and read by the units above it; while nobody
acknowledges it, it is escalated to the street and then to the city (`responsible`).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.core.fields import EncryptedTextField, PersonNameField, PhoneField
from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.roles import Perm


class RunningState(models.TextChoices):
    """运行状态 of GB/T 24476."""

    NORMAL = "normal", _("正常运行")
    STOPPED = "stopped", _("停梯")
    FAULT = "fault", _("故障")
    INSPECTION = "inspection", _("检修")
    FIRE = "fire", _("消防")
    POWER_OFF = "power_off", _("断电")


class FaultType(models.TextChoices):
    """故障与事件类型 of GB/T 24476."""

    TRAPPED = "trapped", _("困人")
    TOP_OVERTRAVEL = "top_overtravel", _("冲顶")
    BOTTOM_OVERTRAVEL = "bottom_overtravel", _("蹲底")
    DOOR_OPEN_RUNNING = "door_open_running", _("运行中开门")
    STOP_OUTSIDE_ZONE = "stop_outside_zone", _("门区外停梯")
    OVERSPEED = "overspeed", _("超速")
    SAFETY_CIRCUIT = "safety_circuit", _("安全回路断路")
    POWER_FAILURE = "power_failure", _("停电")


class DeviceQuerySet(ScopedQuerySet):
    scope = Scope(owner="community__path")


class ElevatorDevice(models.Model):
    """An elevator's monitoring terminal: its registration code (电梯注册代码) names it in every
    payload; its device key (stored hashed) and HMAC secret (stored encrypted) authenticate HTTP."""

    community = models.ForeignKey(
        "orgs.Unit", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    building = models.CharField(_("楼栋"), max_length=100)
    name = models.CharField(_("名称"), max_length=100)
    registration_code = models.CharField(_("注册代码"), max_length=32, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    secret = EncryptedTextField(_("签名密钥"), editable=False)
    latitude = models.DecimalField(
        _("纬度（WGS-84）"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("经度（WGS-84）"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    is_active = models.BooleanField(_("启用"), default=True)
    deactivation_reason = models.CharField(_("停用原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("电梯设备")
        verbose_name_plural = _("电梯设备")
        ordering = ["community", "building", "name"]

    def __str__(self):
        return f"{self.building} · {self.name}"

    def get_absolute_url(self):
        return reverse("smart:device-detail", args=[self.pk])

    @property
    def unit(self):
        return self.community


class AlarmQuerySet(ScopedQuerySet):
    scope = Scope(owner="device__community__path")

    def open(self):
        return self.exclude(state=Alarm.State.RESOLVED)


class Alarm(models.Model):
    """One alarm of one device; (device, sequence) is unique so a redelivery never duplicates."""

    class State(models.TextChoices):
        NEW = "new", _("待确认")
        ACKNOWLEDGED = "acknowledged", _("处置中")
        RESOLVED = "resolved", _("已解除")

    class Channel(models.TextChoices):
        MQTT = "mqtt", "MQTT"
        HTTP = "http", "HTTP"

    device = models.ForeignKey(
        ElevatorDevice, verbose_name=_("电梯设备"), on_delete=models.PROTECT, related_name="alarms"
    )
    sequence = models.PositiveBigIntegerField(_("序号"))
    fault = models.CharField(_("故障类型"), max_length=30, choices=FaultType.choices)
    running_state = models.CharField(_("运行状态"), max_length=20, choices=RunningState.choices)
    occurred_at = models.DateTimeField(_("发生时间"), editable=False)
    values = models.JSONField(_("数据"), default=dict, blank=True)
    channel = models.CharField(_("通道"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("接收时间"), db_index=True, editable=False)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.NEW)
    responsible = models.ForeignKey(
        "orgs.Unit", verbose_name=_("处置单位"), on_delete=models.PROTECT, related_name="+"
    )
    escalations = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True, editable=False)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True, editable=False)
    acknowledge_note = models.TextField(_("确认说明"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True, editable=False)
    resolution_note = models.TextField(_("处置结果"), blank=True)

    objects = AlarmQuerySet.as_manager()

    class Meta:
        verbose_name = _("电梯告警")
        verbose_name_plural = _("电梯告警")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["device", "sequence"], name="smart_alarm_once")
        ]
        indexes = [models.Index(fields=["state", "received_at"])]

    def __str__(self):
        return f"{self.device} · {self.get_fault_display()} #{self.sequence}"

    def get_absolute_url(self):
        return reverse("smart:alarm-detail", args=[self.pk])

    @property
    def unit(self):
        return self.device.community

    @property
    def is_open(self) -> bool:
        return self.state != self.State.RESOLVED


class RejectedQuerySet(ScopedQuerySet):
    """Read by whoever keeps the device; a payload naming no known device by the office only."""

    scope = Scope(owner="device__community__path", unowned=Perm.VIEW_UNKNOWN_DEVICES)


class RejectedMessage(models.Model):
    """A payload refused at ingestion, with the reason, kept for the operators."""

    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    channel = models.CharField(_("通道"), max_length=10, choices=Alarm.Channel.choices)
    topic = models.CharField(_("主题"), max_length=200, blank=True)
    device = models.ForeignKey(
        ElevatorDevice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("原因"), max_length=300)
    payload = models.TextField(_("内容"), blank=True)

    objects = RejectedQuerySet.as_manager()

    class Meta:
        verbose_name = _("被拒绝的告警报文")
        verbose_name_plural = _("被拒绝的告警报文")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return f"{self.channel} · {self.reason}"


class PointLayer(models.TextChoices):
    """The map's layers of places (一张图)."""

    EMERGENCY = "emergency", _("应急资源")  # AEDs, shelters, fire points
    LIVING = "living", _("生活配套")  # 菜场, 药店, 医疗点, 学校 …


class PointQuerySet(ScopedQuerySet):
    scope = Scope(owner="unit__path")


class MapPoint(models.Model):
    """A place on the map, in WGS-84, kept by the unit it lies in (imported from GeoJSON)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="+"
    )
    layer = models.CharField(_("图层"), max_length=20, choices=PointLayer.choices)
    kind = models.CharField(_("类别"), max_length=50)
    name = models.CharField(_("名称"), max_length=100)
    latitude = models.DecimalField(_("纬度（WGS-84）"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度（WGS-84）"), max_digits=9, decimal_places=6)
    generated = models.BooleanField(_("生成数据"), default=False)

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("地图点位")
        verbose_name_plural = _("地图点位")
        ordering = ["unit", "layer", "name"]

    def __str__(self):
        return self.name


class BoundaryQuerySet(ScopedQuerySet):
    scope = Scope(owner="unit__path")


class UnitBoundary(models.Model):
    """A unit's outline on the map: a GeoJSON Polygon or MultiPolygon in WGS-84 (checked and,
    when given in GCJ-02, converted on import). `generated` marks outlines drawn for the demo,
    shown as 示意边界 (not the real administrative boundary)."""

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="+"
    )
    geometry = models.JSONField(_("边界（GeoJSON，WGS-84）"))
    generated = models.BooleanField(_("示意边界"), default=False)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位边界")
        verbose_name_plural = _("单位边界")

    def __str__(self):
        return str(self.unit)


class GridWorkerQuerySet(ScopedQuerySet):
    scope = Scope(owner="grid__path")


class GridWorker(models.Model):
    """A grid's worker (网格员), shown on the map with the grid, name and phone masked; linked to
    the user account or the social worker record when there is one."""

    grid = models.ForeignKey(
        "orgs.Unit", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="+"
    )
    name = PersonNameField(_("姓名"))
    phone = PhoneField(_("手机号"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    social_worker = models.ForeignKey(
        "community.SocialWorker",
        verbose_name=_("社工"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GridWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格员")
        verbose_name_plural = _("网格员")
        ordering = ["grid", "pk"]

    def __str__(self):
        return str(self.name)

    @property
    def unit(self):
        return self.grid
