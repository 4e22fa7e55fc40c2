from django.core.management.base import BaseCommand

from gongzhi.progress.tasks import deadline_reminders


class Command(BaseCommand):
    help = "Queue today's deadline reminders (run daily from cron); a second run sends nothing."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args, now=False, **options):
        if now:
            sent = deadline_reminders.call()
            self.stdout.write(f"{sent} reminder(s) sent")
        else:
            result = deadline_reminders.enqueue()
            self.stdout.write(f"queued: {result.id}")
