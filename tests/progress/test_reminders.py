"""Deadline reminders: 7 days and 1 day before due, and when overdue; never twice."""

import datetime

from django.core.management import call_command

from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress import services
from gongzhi.progress.models import Notification
from gongzhi.progress.reminders import send_deadline_reminders

MAY_31 = datetime.date(2024, 5, 31)  # city tasks 1, 2, 3, 8 and 9 are due


def _keys(user):
    return set(Notification.objects.filter(user=user).values_list("key", flat=True))


def test_seven_days_one_day_and_overdue(demo, demo_users):
    task1 = Task.objects.get(program=demo, kind="city", number=1)
    office, dept = demo_users["office"], demo_users["dept"]
    send_deadline_reminders(MAY_31 - datetime.timedelta(days=8))
    assert not any(key.startswith(f"deadline:{task1.pk}:") for key in _keys(office))
    send_deadline_reminders(MAY_31 - datetime.timedelta(days=7))
    assert f"deadline:{task1.pk}:7d" in _keys(office)
    assert f"deadline:{task1.pk}:7d" in _keys(dept)  # a co-unit is reminded too
    send_deadline_reminders(MAY_31 - datetime.timedelta(days=1))
    send_deadline_reminders(MAY_31 + datetime.timedelta(days=1))
    assert {f"deadline:{task1.pk}:{k}" for k in ("7d", "1d", "overdue")} <= _keys(office)
    assert not any(key.startswith(f"deadline:{task1.pk}") for key in _keys(demo_users["finance"]))


def test_running_twice_sends_nothing_twice(demo, demo_users, mailoutbox):
    demo_users["office"].email = "office@example.cn"
    demo_users["office"].save()
    day = MAY_31 - datetime.timedelta(days=3)
    first = send_deadline_reminders(day)
    mails = len(mailoutbox)
    assert first > 0 and mails > 0
    assert send_deadline_reminders(day) == 0
    assert send_deadline_reminders(day + datetime.timedelta(days=1)) == 0  # same 7-day window
    assert len(mailoutbox) == mails
    assert mailoutbox[0].to == ["office@example.cn"]


def test_done_tasks_are_not_reminded(demo, demo_users):
    filing = Task.objects.get(program=demo, kind="filing", assignments__unit__name="雒城街道")
    street = demo_users["street"]
    report = services.report_create(
        actor=street,
        task=filing,
        unit=Unit.objects.get(name="雒城街道"),
        text="已备案",
        claims_completion=True,
    )
    services.report_submit(actor=street, report=report)
    services.report_approve(actor=demo_users["office"], report=report)
    send_deadline_reminders(datetime.date(2024, 3, 5))
    assert not any(k.startswith(f"deadline:{filing.pk}:") for k in _keys(street))


def test_the_daily_command_runs_the_same_job(demo, demo_users, capsys):
    call_command("send_reminders", "--now")
    assert "reminder(s) sent" in capsys.readouterr().out
