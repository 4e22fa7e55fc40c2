"""Alarm ingestion, shared by MQTT and HTTP: parse a payload, store it once, or refuse it.

The payload (JSON, fields after GB/T 24476; see docs/elevator-alarms.md):
    {"registration_code": "...", "sequence": 17, "time": "2024-12-18T09:30:00+08:00",
     "running_state": "stopped", "fault": "trapped", "values": {"floor": 5}}

`ingest` commits the alarm before it returns, so a caller may acknowledge the message then;
(device, sequence) is unique in the database, so a redelivered message is stored once.
"""

import datetime
import json
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongzhi.smart.escalation import schedule_escalation_checks
from gongzhi.smart.models import Alarm, ElevatorDevice, FaultType, RejectedMessage, RunningState

log = logging.getLogger("gongzhi.smart.ingest")

MAX_PAYLOAD_BYTES = 16 * 1024
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
CLOCK_SKEW = datetime.timedelta(days=1)  # a device clock ahead by more than this is refused


class Outcome(StrEnum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    alarm: Alarm | None = None
    reason: str = ""


class Rejected(ValueError):
    """A payload that cannot be stored; the message says why, naming the field."""


class Payload(NamedTuple):  # a tuple: built once per message, cheaper than a frozen dataclass
    registration_code: str
    sequence: int
    occurred_at: datetime.datetime
    running_state: str
    fault: str
    values: dict


def _field(data, name, kind):
    value = data.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise Rejected(_("字段 %(field)s 缺失或类型不对。") % {"field": name})
    return value


# The allowed values, looked up once (an enum's .values builds a new list on each call).
ALLOWED = {"running_state": frozenset(RunningState.values), "fault": frozenset(FaultType.values)}


def _choice(data, name):
    value = _field(data, name, str)
    if value not in ALLOWED[name]:
        message = _("字段 %(field)s 的值 %(value)s 不认识。")
        raise Rejected(message % {"field": name, "value": value})
    return value


def _time(data, now) -> datetime.datetime:
    moment = parse_datetime(_field(data, "time", str))
    if moment is None or moment.utcoffset() is None:
        raise Rejected(_("字段 time 须是带时区的 ISO 8601 时间。"))
    if not EARLIEST <= moment <= now + CLOCK_SKEW:
        raise Rejected(_("字段 time 超出合理范围。"))
    return moment


def parse(raw: bytes, now: datetime.datetime | None = None) -> Payload:
    """The payload, or Rejected naming what is wrong (`now`: the time it arrived)."""
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise Rejected(_("报文过大。"))
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        raise Rejected(_("报文不是 JSON。")) from None
    if not isinstance(data, dict):
        raise Rejected(_("报文须是 JSON 对象。"))
    sequence = _field(data, "sequence", int)
    if not 0 <= sequence < 2**63:
        raise Rejected(_("字段 sequence 超出范围。"))
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise Rejected(_("字段 values 须是 JSON 对象。"))
    return Payload(
        registration_code=_field(data, "registration_code", str).strip(),
        sequence=sequence,
        occurred_at=_time(data, now or timezone.now()),
        running_state=_choice(data, "running_state"),
        fault=_choice(data, "fault"),
        values=values,
    )


def reject(*, raw: bytes, channel: str, reason: str, topic: str = "", device=None) -> Result:
    """Keep the refused payload with its reason (and log it); valid messages keep flowing."""
    rejection = _rejection(raw, channel, topic, reason)
    rejection.device = device
    attribute_by_topic([rejection])
    rejection.save(force_insert=True)
    return Result(Outcome.REJECTED, reason=reason)


def attribute_by_topic(rejected: list[RejectedMessage]) -> None:
    """Refusals without a device get the one their topic names, if it is registered, so its
    community sees them (one query for the lot)."""
    codes = {code_in_topic(r.topic) for r in rejected if r.device_id is None} - {None}
    if not codes:
        return
    devices = {
        device.registration_code: device
        for device in ElevatorDevice.objects.dangerously_unscoped(
            reason="a refused message is filed under the device its topic names"
        ).filter(registration_code__in=codes)
    }
    for rejection in rejected:
        if rejection.device_id is None:
            rejection.device = devices.get(code_in_topic(rejection.topic) or "")


TOPIC_PREFIX = "gongzhi/elevators/"


def code_in_topic(topic: str) -> str | None:
    """The registration code in `gongzhi/elevators/<code>/alarm`, or None for another topic."""
    parts = topic.split("/")
    if len(parts) == 4 and topic.startswith(TOPIC_PREFIX) and parts[3] == "alarm":
        return parts[2]
    return None


def _device_for(payload: Payload, device, topic: str, known=None) -> ElevatorDevice:
    if topic and code_in_topic(topic) != payload.registration_code:
        raise Rejected(_("主题中的注册代码与报文不符。"))
    if known is not None:
        device = known.get(payload.registration_code)
        if device is None:
            message = _("注册代码 %(code)s 没有登记。")
            raise Rejected(message % {"code": payload.registration_code})
    if device is not None:
        if device.registration_code != payload.registration_code:
            raise Rejected(_("注册代码与设备不符。"))
        return device
    found = (
        ElevatorDevice.objects.dangerously_unscoped(reason="a device names itself in its payload")
        .filter(registration_code=payload.registration_code, is_active=True)
        .first()
    )
    if found is None:
        raise Rejected(_("注册代码 %(code)s 没有登记。") % {"code": payload.registration_code})
    return found


def _alarm(payload: Payload, device: ElevatorDevice, channel: str, now) -> Alarm:
    return Alarm(
        device=device,
        sequence=payload.sequence,
        fault=payload.fault,
        running_state=payload.running_state,
        occurred_at=payload.occurred_at,
        values=payload.values,
        channel=channel,
        received_at=now,
        responsible_id=device.community_id,
    )


def store(payload: Payload, device: ElevatorDevice, channel: str) -> Result:
    """Store the alarm in its own committed transaction; a second copy is a duplicate."""
    alarm = _alarm(payload, device, channel, timezone.now())
    try:
        with transaction.atomic():
            alarm.save(force_insert=True)
    except IntegrityError:
        return Result(Outcome.DUPLICATE)
    schedule_escalation_checks(alarm.received_at)
    return Result(Outcome.STORED, alarm=alarm)


def ingest(raw: bytes, *, channel: str, topic: str = "", device=None) -> Result:
    """Parse and store one payload; a refused one is kept in RejectedMessage with its reason."""
    try:
        payload = parse(raw)
        device = _device_for(payload, device, topic)
    except Rejected as error:
        return reject(raw=raw, channel=channel, topic=topic, reason=str(error), device=device)
    return store(payload, device, channel)


def _rejection(raw: bytes, channel: str, topic: str, reason: str) -> RejectedMessage:
    log.warning("alarm rejected (%s %s): %s", channel, topic, reason)
    return RejectedMessage(
        channel=channel,
        topic=topic[:200],
        reason=reason[:300],
        payload=raw[:MAX_PAYLOAD_BYTES].decode("utf-8", "replace"),
    )


def ingest_batch(messages: list[tuple[bytes, str]], *, channel: str) -> dict[Outcome, int]:
    """Parse a batch of (payload, topic), then store its alarms and its refusals in one
    transaction (a message redelivered, even within the batch, is stored once). Returns how
    many were refused and how many were new or already stored, together, as STORED."""
    now = timezone.now()
    parsed, rejected = [], []
    for raw, topic in messages:
        try:
            parsed.append((parse(raw, now), raw, topic))
        except Rejected as error:
            rejected.append(_rejection(raw, channel, topic, str(error)))
    codes = {payload.registration_code for payload, _raw, _topic in parsed}
    known = {
        device.registration_code: device
        for device in ElevatorDevice.objects.dangerously_unscoped(
            reason="devices name themselves in their payloads"
        ).filter(registration_code__in=codes, is_active=True)
    }
    alarms = []
    for payload, raw, topic in parsed:
        try:
            alarms.append((payload, _device_for(payload, None, topic, known)))
        except Rejected as error:
            rejected.append(_rejection(raw, channel, topic, str(error)))
    attribute_by_topic(rejected)
    with transaction.atomic():
        RejectedMessage.objects.bulk_create(rejected)
        _insert_alarms(alarms, channel, now)
    if alarms:
        schedule_escalation_checks(now)
    return {Outcome.STORED: len(alarms), Outcome.REJECTED: len(rejected)}


# What a new alarm row holds; the other columns are empty (NULL) until someone acts on it.
NEW_ALARM = (
    "device", "sequence", "fault", "running_state", "occurred_at", "values", "channel",
    "received_at", "state", "responsible", "escalations", "acknowledge_note", "resolution_note",
)  # fmt: skip


def _insert_alarms(alarms: list[tuple[Payload, ElevatorDevice]], channel: str, now) -> None:
    """One INSERT … ON CONFLICT DO NOTHING for the batch, so a (device, sequence) stored
    before, or earlier in the batch, is skipped. Plain SQL rather than bulk_create: building
    and compiling a model instance per alarm cost more than receiving it from the broker."""
    if not alarms:
        return
    connection = connections[router.db_for_write(Alarm)]
    ops, meta = connection.ops, Alarm._meta
    as_json = meta.get_field("values").get_db_prep_save
    received = ops.adapt_datetimefield_value(now)
    rows = [
        (
            device.pk,
            payload.sequence,
            payload.fault,
            payload.running_state,
            ops.adapt_datetimefield_value(payload.occurred_at),
            as_json(payload.values, connection),
            channel,
            received,
            Alarm.State.NEW.value,
            device.community_id,
            0,
            "",
            "",
        )
        for payload, device in alarms
    ]
    columns = ", ".join(ops.quote_name(meta.get_field(name).column) for name in NEW_ALARM)
    values = ", ".join(["%s"] * len(NEW_ALARM))
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({values})"
    with connection.cursor() as cursor:
        cursor.executemany(f"{sql} ON CONFLICT DO NOTHING", rows)
