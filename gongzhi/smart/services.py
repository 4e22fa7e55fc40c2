"""Writes for the smart community: registering and keeping elevator devices (edits,
deactivation, new keys), grid workers, acknowledging and resolving alarms, and escalating the
alarms nobody acknowledged. One transaction each, audited."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import COMMUNITY_KINDS, UnitKind
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_validate
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import region_of
from gongzhi.smart.geo import gcj02_to_wgs84, in_china
from gongzhi.smart.models import Alarm, ElevatorDevice, GridWorker

SYSTEM = "system"  # the actor label of what the escalation job does


def key_hash(device_key: str) -> str:
    return hashlib.sha256(device_key.encode()).hexdigest()


@dataclass(frozen=True)
class Credentials:
    """Shown once at registration: the device keeps them, the database only a hash and a seal."""

    device_key: str
    secret: str


def _new_credentials(device_key: str = "", secret: str = "") -> Credentials:
    return Credentials(
        device_key=device_key or secrets.token_urlsafe(24), secret=secret or secrets.token_hex(32)
    )


def wgs84_point(latitude, longitude, *, gcj02: bool = False):
    """(latitude, longitude) as stored: WGS-84, six decimals; GCJ-02 input converted."""
    if latitude is None or longitude is None:
        return latitude, longitude
    lat, lon = float(latitude), float(longitude)
    if gcj02 and in_china(lat, lon):
        lat, lon = gcj02_to_wgs84(lat, lon)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _check_point(latitude, longitude) -> None:
    """Both coordinates or neither, inside China (WGS-84)."""
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": _("纬度和经度须同时填写，或都不填。")})
    if latitude is not None and not in_china(float(latitude), float(longitude)):
        message = _("坐标须在中国境内（纬度 3.86–53.55，经度 73.66–135.05）。")
        raise ValidationError({"latitude": message})


def _check_device(actor, device: ElevatorDevice) -> None:
    require_perm(actor, Perm.MANAGE_DEVICES, device.community)
    if device.community.kind not in COMMUNITY_KINDS:
        raise ValidationError({"community": _("电梯须登记在社区（村）。")})
    device.registration_code = device.registration_code.strip()
    device.building, device.name = device.building.strip(), device.name.strip()
    _check_point(device.latitude, device.longitude)
    record_validate(device, exclude=["key_hash", "secret"])


def _audited_after(device: ElevatorDevice) -> dict:
    return {key: value for key, value in snapshot(device).items() if key != "secret"}


def device_register(
    *,
    actor,
    community,
    building: str,
    name: str,
    registration_code: str,
    latitude=None,
    longitude=None,
    device_key: str = "",
    secret: str = "",
) -> tuple[ElevatorDevice, Credentials]:
    """Register an elevator in a community; returns the device and its new credentials."""
    credentials = _new_credentials(device_key, secret)
    device = ElevatorDevice(
        community=community,
        building=building,
        name=name,
        registration_code=registration_code,
        key_hash=key_hash(credentials.device_key),
        secret=credentials.secret,
        latitude=latitude,
        longitude=longitude,
    )
    _check_device(actor, device)
    with transaction.atomic():
        device.save()
        audit_record(actor=actor, action=Action.CREATE, obj=device, after=_audited_after(device))
    return device, credentials


def _stored(device: ElevatorDevice) -> ElevatorDevice:
    return (
        ElevatorDevice.objects.select_for_update(of=("self",))
        .select_related("community")
        .get(pk=device.pk)
    )


def _save_device(actor, device, before: dict, fields: list[str], message: str = ""):
    device.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=device,
        before={key: value for key, value in before.items() if key != "secret"},
        after=_audited_after(device),
        message=message,
    )
    return device


DEVICE_FIELDS = ["community", "building", "name", "registration_code", "latitude", "longitude"]


def device_update(*, actor, device: ElevatorDevice) -> ElevatorDevice:
    """Save the edited device: the user must keep both its old and its new community."""
    with transaction.atomic():
        stored = _stored(device)
        require_perm(actor, Perm.MANAGE_DEVICES, stored.community)
        _check_device(actor, device)
        return _save_device(actor, device, snapshot(stored), DEVICE_FIELDS)


def device_deactivate(*, actor, device: ElevatorDevice, reason: str) -> ElevatorDevice:
    """Stop accepting the device's payloads (its alarms stay), saying why."""
    if not reason.strip():
        raise ValidationError({"reason": _("请填写停用原因。")})
    return _set_active(actor, device, False, reason.strip()[:200], _("停用设备"))


def device_activate(*, actor, device: ElevatorDevice) -> ElevatorDevice:
    return _set_active(actor, device, True, "", _("重新启用设备"))


def _set_active(actor, device, active: bool, reason: str, message: str) -> ElevatorDevice:
    with transaction.atomic():
        device = _stored(device)
        require_perm(actor, Perm.MANAGE_DEVICES, device.community)
        if device.is_active == active:
            raise ValidationError(_("设备已经启用。") if active else _("设备已经停用。"))
        before = snapshot(device)
        device.is_active, device.deactivation_reason = active, reason
        fields = ["is_active", "deactivation_reason"]
        return _save_device(actor, device, before, fields, message)


def device_new_key(*, actor, device: ElevatorDevice) -> Credentials:
    """New device key and HMAC secret: the old ones stop working at once; shown once."""
    credentials = _new_credentials()
    with transaction.atomic():
        device = _stored(device)
        require_perm(actor, Perm.MANAGE_DEVICES, device.community)
        before = snapshot(device)
        device.key_hash, device.secret = key_hash(credentials.device_key), credentials.secret
        _save_device(actor, device, before, ["key_hash", "secret"], _("重新生成密钥"))
    return credentials


def _check_worker(actor, worker: GridWorker) -> None:
    require_perm(actor, Perm.MANAGE_GRIDS, worker.grid)
    if worker.grid.kind != UnitKind.GRID:
        raise ValidationError({"grid": _("网格员须登记在网格。")})
    record_validate(worker)


def gridworker_add(*, actor, grid, name: str, phone: str = "", user=None, social_worker=None):
    """Name a grid's worker; `user` or `social_worker` link the person's other records."""
    worker = GridWorker(grid=grid, name=name, phone=phone, user=user, social_worker=social_worker)
    return gridworker_save(actor=actor, worker=worker)


def gridworker_save(*, actor, worker: GridWorker) -> GridWorker:
    """Add a grid worker or save the edited one (on the same grid)."""
    _check_worker(actor, worker)
    with transaction.atomic():
        if worker.pk is None:
            worker.save()
            audit_record(actor=actor, action=Action.CREATE, obj=worker, after=snapshot(worker))
            return worker
        stored = GridWorker.objects.select_for_update(of=("self",)).get(pk=worker.pk)
        if stored.grid_id != worker.grid_id:
            raise ValidationError({"grid": _("网格员不能移到别的网格。")})
        before = snapshot(stored)
        worker.save()
        audit_record(
            actor=actor, action=Action.UPDATE, obj=worker, before=before, after=snapshot(worker)
        )
    return worker


def gridworker_remove(*, actor, worker: GridWorker) -> None:
    require_perm(actor, Perm.MANAGE_GRIDS, worker.grid)
    with transaction.atomic():
        before = snapshot(worker)
        audit_record(actor=actor, action=Action.DELETE, obj=worker, before=before)
        worker.delete()


def may_handle(user, alarm) -> bool:
    from gongzhi.core.access import access_for

    return access_for(user).reaches(alarm.device.community, Perm.HANDLE_ALARMS)


def _change(actor, alarm, action_fields: dict, message: str) -> Alarm:
    require_perm(actor, Perm.HANDLE_ALARMS, alarm.device.community)
    before = snapshot(alarm)
    for field, value in action_fields.items():
        setattr(alarm, field, value)
    with transaction.atomic():
        alarm.save(update_fields=list(action_fields))
        audit_record(
            actor=actor,
            action=Action.TRANSITION,
            obj=alarm,
            before=before,
            after=snapshot(alarm),
            message=message,
        )
    return alarm


def alarm_acknowledge(*, actor, alarm: Alarm, note: str = "") -> Alarm:
    """Someone has taken the alarm on: escalation stops."""
    if alarm.state != Alarm.State.NEW:
        raise ValidationError(_("这条告警已经有人确认。"))
    fields = {
        "state": Alarm.State.ACKNOWLEDGED,
        "acknowledged_by": actor,
        "acknowledged_at": timezone.now(),
        "acknowledge_note": note.strip(),
    }
    return _change(actor, alarm, fields, _("确认告警"))


def alarm_resolve(*, actor, alarm: Alarm, note: str) -> Alarm:
    """The elevator is safe again; what was done is kept."""
    if alarm.state == Alarm.State.RESOLVED:
        raise ValidationError(_("这条告警已经解除。"))
    if not note.strip():
        raise ValidationError({"note": _("请填写处置结果。")})
    now = timezone.now()
    fields = {
        "state": Alarm.State.RESOLVED,
        "resolved_by": actor,
        "resolved_at": now,
        "resolution_note": note.strip(),
    }
    if alarm.state == Alarm.State.NEW:  # resolved straight away: it was acknowledged too
        fields.update(acknowledged_by=actor, acknowledged_at=now)
    return _change(actor, alarm, fields, _("解除告警"))


def escalation_deadlines(now: datetime.datetime) -> dict[int, datetime.datetime]:
    """Received before this moment and still new: escalate past the level (escalations count)."""
    return {
        0: now - datetime.timedelta(minutes=settings.GZ_ALARM_ESCALATE_STREET_MINUTES),
        1: now - datetime.timedelta(minutes=settings.GZ_ALARM_ESCALATE_CITY_MINUTES),
    }


def _next_unit(alarm):
    community = alarm.device.community
    return Unit.objects.get_parent(community) if alarm.escalations == 0 else region_of(community)


def escalate_alarms(*, now: datetime.datetime | None = None) -> int:
    """Move every alarm nobody acknowledged in time one level up (community → street → city);
    run every minute. One level per run: what is due is read before anything moves."""
    now = now or timezone.now()
    alarms = Alarm.objects.dangerously_unscoped(reason="the escalation job works for no user")
    due = [
        alarm
        for level, deadline in escalation_deadlines(now).items()
        for alarm in alarms.filter(
            state=Alarm.State.NEW, escalations=level, received_at__lte=deadline
        ).select_related("device__community", "responsible")
    ]
    for alarm in due:
        _escalate(alarm, now)
    return len(due)


def _escalate(alarm: Alarm, now) -> None:
    before = snapshot(alarm)
    alarm.responsible = _next_unit(alarm)
    alarm.escalations += 1
    alarm.escalated_at = now
    with transaction.atomic():
        alarm.save(update_fields=["responsible", "escalations", "escalated_at"])
        audit_record(
            actor=None,
            actor_label=SYSTEM,
            action=Action.TRANSITION,
            obj=alarm,
            before=before,
            after=snapshot(alarm),
            message=_("无人确认，升级至 %(unit)s") % {"unit": alarm.responsible.name},
        )
