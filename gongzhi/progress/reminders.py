"""Deadline reminders: 7 days and 1 day before a task is due, and once it is overdue.

Windows rather than exact days, so a skipped day still reminds; the notification key makes a
second run on the same day (or any later day in the same window) send nothing again.
"""

import datetime

from django.utils.translation import gettext as _

from gongzhi.core import clock
from gongzhi.core.roles import Perm
from gongzhi.programs.models import Task
from gongzhi.progress.ledger import Status, task_status, with_status
from gongzhi.progress.notify import deliver, seated_users


def _window(days_left: int) -> tuple[str, str] | None:
    if days_left < 0:
        return "overdue", _("已逾期")
    if days_left <= 1:
        return "1d", _("明天到期") if days_left == 1 else _("今天到期")
    if days_left <= 7:
        return "7d", _("%(n)d 天后到期") % {"n": days_left}
    return None


def send_deadline_reminders(today: datetime.date | None = None) -> int:
    """Remind the responsible units of every open task near or past its due date."""
    today = today or clock.today()
    tasks = (
        with_status(
            Task.objects.dangerously_unscoped(
                reason="a system job over every program, for no user: each reminder goes only "
                "to the task's own responsible units"
            )
        )
        .filter(due__lte=today + datetime.timedelta(days=7))
        .select_related("pilot__community", "program")
        .prefetch_related("assignments")
    )
    sent = 0
    for task in tasks:
        if task_status(task, today) == Status.DONE:
            continue
        window = _window((task.due - today).days)
        if window is None:
            continue
        key, phrase = window
        units = [assignment.unit_id for assignment in task.assignments.all()]
        sent += deliver(
            seated_users(units, Perm.REPORT_PROGRESS),
            key=f"deadline:{task.pk}:{key}",
            title=_("%(task)s%(phrase)s（%(due)s）")
            % {"task": task.label, "phrase": phrase, "due": f"{task.due:%Y-%m-%d}"},
            body=task.text[:200],
            url=task.get_absolute_url(),
            task=task,
        )
    return sent
