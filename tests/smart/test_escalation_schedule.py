"""Where a worker runs, a stored alarm schedules its own escalation checks: left alone it reaches
the street, then the city, with no cron job (the minutely command stays as a safety net)."""

import datetime
from io import StringIO

import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from gongzhi.smart.ingest import ingest, ingest_batch
from tests.smart.conftest import CODE, payload


def _worker_pass() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, stdout=StringIO())


def _on_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.GZ_ALARM_ESCALATE_STREET_MINUTES = 5
    settings.GZ_ALARM_ESCALATE_CITY_MINUTES = 15


def test_an_alarm_nobody_acknowledges_climbs_with_the_worker_alone(
    device, tree, settings, transactional_db
):
    _on_database_queue(settings)
    alarm = ingest(payload(sequence=1), channel="http").alarm
    checks = sorted(DBTaskResult.objects.values_list("run_after", flat=True))
    received = alarm.received_at
    assert checks == [
        received + datetime.timedelta(minutes=5, seconds=1),
        received + datetime.timedelta(minutes=15, seconds=1),
    ]
    _worker_pass()  # not due yet
    alarm.refresh_from_db()
    assert alarm.escalations == 0
    with time_machine.travel(checks[0] + datetime.timedelta(seconds=1)):
        _worker_pass()
    alarm.refresh_from_db()
    assert (alarm.responsible, alarm.escalations) == (tree.street_a, 1)
    with time_machine.travel(checks[1] + datetime.timedelta(seconds=1)):
        _worker_pass()
    alarm.refresh_from_db()
    assert (alarm.responsible, alarm.escalations) == (tree.region, 2)


def test_a_batch_schedules_one_pair_of_checks_and_a_refusal_none(device, settings, db):
    _on_database_queue(settings)
    topic = f"gongzhi/elevators/{CODE}/alarm"
    ingest_batch([(payload(sequence=n), topic) for n in range(1, 4)], channel="mqtt")
    assert DBTaskResult.objects.count() == 2
    ingest_batch([(b"not json", topic)], channel="mqtt")
    assert DBTaskResult.objects.count() == 2
