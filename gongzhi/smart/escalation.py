"""Escalation without cron wherever a background worker runs: each stored alarm (or batch of
alarms) asks the worker to look again when it would be due at the street and at the city. The
minutely `escalate_alarms` command stays as the safety net where no worker runs."""

import datetime

from django.conf import settings
from django_tasks import default_task_backend, task

from gongzhi.smart.services import escalate_alarms


@task()
def escalate_due_alarms() -> int:
    return escalate_alarms()


def schedule_escalation_checks(received_at: datetime.datetime) -> None:
    """Queue a check just after each escalation deadline of alarms received at `received_at`
    (a backend that cannot run tasks later, such as the tests', queues nothing)."""
    if not default_task_backend.supports_defer:
        return
    for minutes in (
        settings.GZ_ALARM_ESCALATE_STREET_MINUTES,
        settings.GZ_ALARM_ESCALATE_CITY_MINUTES,
    ):
        due = received_at + datetime.timedelta(minutes=minutes, seconds=1)
        escalate_due_alarms.using(run_after=due).enqueue()
