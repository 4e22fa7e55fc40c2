"""Write one dated archive (tar.gz) of the database and the MEDIA_ROOT files, with a manifest of
SHA-256 hashes and record counts. GZ_FIELD_KEY is not in it: keep the key apart."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files to one dated tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="folder for the archive (default: var/backups)",
        )
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args, output, database, **options):
        try:
            archive = backup(
                output_dir=Path(output), media_root=Path(settings.MEDIA_ROOT), alias=database
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
