from django.core.management.base import BaseCommand

from gongzhi.progress.audit_digest import audit_digest


class Command(BaseCommand):
    help = (
        "Queue the daily audit digest of unusual bursts (run daily from cron, beside "
        "send_reminders); a second run on the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args, now=False, **options):
        if now:
            sent = audit_digest.call()
            self.stdout.write(f"digest sent to {sent} user(s)")
        else:
            result = audit_digest.enqueue()
            self.stdout.write(f"queued: {result.id}")
