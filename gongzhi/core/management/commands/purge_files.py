"""Delete job result files and uploaded import files older than GZ_FILE_RETENTION_DAYS (run
daily, e.g. from cron beside send_reminders). The jobs stay listed; their pages say the file
has expired."""

from django.conf import settings
from django.core.management.base import BaseCommand

from gongzhi.core.retention import purge_expired_files


class Command(BaseCommand):
    help = "Delete job result files and uploaded import files older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: GZ_FILE_RETENTION_DAYS)",
        )
        parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.GZ_FILE_RETENTION_DAYS if days is None else days
        if days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        purged = purge_expired_files(days=days, dry_run=dry_run)
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} {purged.results} job result file(s) and {purged.uploads} uploaded "
            f"import file(s) older than {days} days"
        )
