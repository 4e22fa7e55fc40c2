"""Restore an archive written by `backup` into an empty database and an empty MEDIA_ROOT:
every SHA-256 hash is checked before anything is written, the record counts after."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (refuses a database with tables)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a gongzhi-backup-….tar.gz written by `backup`")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, archive, database, **options):
        try:
            restored = restore(
                archive=Path(archive),
                db=settings.DATABASES[database],
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {restored.records} records in {restored.tables} tables "
            f"and {restored.files} files; hashes and record counts match the manifest"
        )
