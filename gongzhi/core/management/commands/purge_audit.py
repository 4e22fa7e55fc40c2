"""Delete audit entries older than GZ_AUDIT_RETENTION_DAYS (at least 180; run daily or monthly
from cron). Younger entries are never deleted: the database refuses it too."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.audit_retention import MIN_AUDIT_RETENTION_DAYS, purge_audit


class Command(BaseCommand):
    help = "Delete audit entries older than the audit retention period (at least 180 days)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, dry_run=False, **options):
        days = settings.GZ_AUDIT_RETENTION_DAYS
        if days < MIN_AUDIT_RETENTION_DAYS:
            raise CommandError(
                f"GZ_AUDIT_RETENTION_DAYS must be at least {MIN_AUDIT_RETENTION_DAYS} (is {days})"
            )
        count = purge_audit(days=days, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {count} audit entr{'y' if count == 1 else 'ies'} older than {days} days"
        )
