"""Background tasks of the progress app (django-tasks)."""

from django_tasks import task

from gongzhi.progress.reminders import send_deadline_reminders


@task()
def deadline_reminders() -> int:
    """Daily: remind units of tasks due within 7 days, due tomorrow, or overdue."""
    return send_deadline_reminders()
