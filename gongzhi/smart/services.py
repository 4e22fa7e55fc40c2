"""Writes for the smart community: registering elevator devices, acknowledging and resolving
alarms, and escalating the alarms nobody acknowledged. One transaction each, audited."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

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
from gongzhi.smart.models import Alarm, ElevatorDevice, GridWorker

SYSTEM = "system"  # the actor label of what the escalation job does


def key_hash(device_key: str) -> str:
    return hashlib.sha256(device_key.encode()).hexdigest()


@dataclass(frozen=True)
class Credentials:
    """Shown once at registration: the device keeps them, the database only a hash and a seal."""

    device_key: str
    secret: str


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
    require_perm(actor, Perm.HANDLE_ALARMS, community)
    if community.kind not in COMMUNITY_KINDS:
        raise ValidationError({"community": _("电梯须登记在社区（村）。")})
    credentials = Credentials(
        device_key=device_key or secrets.token_urlsafe(24), secret=secret or secrets.token_hex(32)
    )
    device = ElevatorDevice(
        community=community,
        building=building,
        name=name,
        registration_code=registration_code.strip(),
        key_hash=key_hash(credentials.device_key),
        secret=credentials.secret,
        latitude=latitude,
        longitude=longitude,
    )
    record_validate(device, exclude=["key_hash", "secret"])
    with transaction.atomic():
        device.save()
        after = {key: value for key, value in snapshot(device).items() if key != "secret"}
        audit_record(actor=actor, action=Action.CREATE, obj=device, after=after)
    return device, credentials


def gridworker_add(*, actor, grid, name: str, phone: str = "", user=None, social_worker=None):
    """Name a grid's worker; `user` or `social_worker` link the person's other records."""
    require_perm(actor, Perm.HANDLE_ALARMS, grid)
    if grid.kind != UnitKind.GRID:
        raise ValidationError({"grid": _("网格员须登记在网格。")})
    worker = GridWorker(grid=grid, name=name, phone=phone, user=user, social_worker=social_worker)
    record_validate(worker)
    with transaction.atomic():
        worker.save()
        audit_record(actor=actor, action=Action.CREATE, obj=worker, after=snapshot(worker))
    return worker


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
