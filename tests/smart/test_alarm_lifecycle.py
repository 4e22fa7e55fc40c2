"""New → acknowledged → resolved, audited; escalation to the street and then the city while
nobody acknowledges; the open alarms in the to-dos of the unit that must act."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.core.work import work_for
from gongzhi.smart import services
from gongzhi.smart.ingest import Outcome, ingest
from gongzhi.smart.models import Alarm
from tests.smart.conftest import payload


@pytest.fixture
def alarm(device):
    result = ingest(payload(sequence=1), channel="mqtt")
    assert result.outcome == Outcome.STORED
    return result.alarm


def _source(user, name="smart.alarms"):
    groups = work_for(user, today=timezone.localdate())  # not the cached list of an earlier call
    return next((group.work for group in groups if group.source.name == name), None)


def test_acknowledge_then_resolve_keeps_who_and_notes(alarm, community_user):
    services.alarm_acknowledge(actor=community_user, alarm=alarm, note="维保已出发")
    services.alarm_resolve(actor=community_user, alarm=alarm, note="已救出，电梯停用检修")
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.RESOLVED
    assert alarm.acknowledged_by == community_user and alarm.acknowledge_note == "维保已出发"
    assert alarm.resolved_by == community_user and alarm.resolution_note == "已救出，电梯停用检修"
    entries = AuditEntry.objects.filter(object_type="smart.alarm", object_id=str(alarm.pk))
    assert sorted(entry.after["state"] for entry in entries) == ["acknowledged", "resolved"]


def test_resolving_needs_a_note_and_happens_once(alarm, community_user):
    with pytest.raises(ValidationError):
        services.alarm_resolve(actor=community_user, alarm=alarm, note=" ")
    services.alarm_resolve(actor=community_user, alarm=alarm, note="误报")
    with pytest.raises(ValidationError):
        services.alarm_resolve(actor=community_user, alarm=alarm, note="再次")


def test_only_units_reaching_the_community_may_act(alarm, tree, users):
    from tests.conftest import make_user

    other = make_user("other_community", Role.COMMUNITY, tree.community_a2)
    with pytest.raises(PermissionDenied):
        services.alarm_acknowledge(actor=other, alarm=alarm)
    with pytest.raises(PermissionDenied):
        services.alarm_acknowledge(actor=users[Role.AGENCY], alarm=alarm)


def test_unacknowledged_alarms_escalate_to_the_street_then_the_city(alarm, tree, settings):
    settings.GZ_ALARM_ESCALATE_STREET_MINUTES = 5
    settings.GZ_ALARM_ESCALATE_CITY_MINUTES = 15
    start = alarm.received_at
    assert services.escalate_alarms(now=start + datetime.timedelta(minutes=4)) == 0
    assert services.escalate_alarms(now=start + datetime.timedelta(minutes=6)) == 1
    alarm.refresh_from_db()
    assert alarm.responsible == tree.street_a and alarm.escalations == 1
    assert services.escalate_alarms(now=start + datetime.timedelta(minutes=10)) == 0
    assert services.escalate_alarms(now=start + datetime.timedelta(minutes=16)) == 1
    alarm.refresh_from_db()
    assert alarm.responsible == tree.region and alarm.escalations == 2
    assert services.escalate_alarms(now=start + datetime.timedelta(hours=5)) == 0
    assert AuditEntry.objects.filter(object_id=str(alarm.pk), actor_label="system").count() == 2


def test_an_acknowledged_alarm_does_not_escalate(alarm, community_user):
    services.alarm_acknowledge(actor=community_user, alarm=alarm)
    later = timezone.now() + datetime.timedelta(hours=1)
    assert services.escalate_alarms(now=later) == 0


def test_the_escalate_command_runs_the_job(alarm, settings):
    from django.core.management import call_command

    settings.GZ_ALARM_ESCALATE_STREET_MINUTES = 0
    call_command("escalate_alarms")
    alarm.refresh_from_db()
    assert alarm.escalations == 1


def test_the_alarm_is_a_to_do_of_whoever_is_responsible(alarm, community_user, street_user):
    work = _source(community_user)
    assert [item.url for item in work.items] == [alarm.get_absolute_url()]
    assert _source(street_user) is None or _source(street_user).total == 0
    services.escalate_alarms(now=alarm.received_at + datetime.timedelta(minutes=6))
    assert _source(street_user).total == 1
    services.alarm_resolve(actor=street_user, alarm=Alarm.objects.get(), note="已处置")
    assert _source(street_user) is None or _source(street_user).total == 0


def test_the_alarm_page_acknowledges_and_resolves(client, alarm, community_user):
    client.force_login(community_user)
    page = client.get(alarm.get_absolute_url())
    assert 'data-testid="acknowledge"' in page.content.decode()
    client.post(reverse("smart:alarm-ack", args=[alarm.pk]), {"note": "到场"})
    client.post(reverse("smart:alarm-resolve", args=[alarm.pk]), {"note": "恢复运行"})
    alarm.refresh_from_db()
    assert alarm.state == Alarm.State.RESOLVED and alarm.acknowledge_note == "到场"


def test_the_alarm_list_counts_alarms_per_fault_type_and_shows_the_open_ones(
    client, device, community_user
):
    for sequence, fault in enumerate(["trapped", "trapped", "overspeed"]):
        ingest(payload(sequence=sequence, fault=fault), channel="http")
    services.alarm_resolve(actor=community_user, alarm=Alarm.objects.get(sequence=0), note="已处置")
    client.force_login(community_user)
    page = client.get(reverse("smart:alarm-list"))
    statistics = {row["fault"]: (row["total"], row["open"]) for row in page.context["statistics"]}
    assert statistics == {"困人": (2, 1), "超速": (1, 1)}
    live = client.get(reverse("smart:alarm-live")).content.decode()
    assert live.count('data-testid="open-alarm"') == 2


def test_the_register_command_converts_gcj02_and_prints_the_credentials_once(tree, office):
    import io

    from django.core.management import call_command

    from gongzhi.smart.geo import gcj02_to_wgs84
    from gongzhi.smart.models import ElevatorDevice

    out = io.StringIO()
    call_command(
        "register_elevator",
        "--user", office.username, "--community", tree.community_a1.name,
        "--building", "5栋", "--name", "2号梯", "--code", "REG-CMD-1",
        "--lat", "30.97671", "--lon", "104.27081", "--gcj02",
        stdout=out,
    )  # fmt: skip
    device = ElevatorDevice.objects.get(registration_code="REG-CMD-1")
    lat, lon = gcj02_to_wgs84(30.97671, 104.27081)
    assert (float(device.latitude), float(device.longitude)) == pytest.approx((lat, lon), abs=1e-6)
    key = next(line for line in out.getvalue().splitlines() if line.startswith("device key"))
    assert services.key_hash(key.split(": ")[1]) == device.key_hash
