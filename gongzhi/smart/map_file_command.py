"""What the commands that import a GeoJSON file onto the map share: the file, the user the import
is audited under, GCJ-02 conversion, a dry run, and errors as one CommandError."""

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.accounts.models import User


class MapFileCommand(BaseCommand):
    """Subclasses set `what` (the things imported, for the summary) and `run(actor, document,
    gcj02, dry_run)`, the service that checks whole and writes all or nothing."""

    what = "feature(s)"

    def run(self, *, actor, document, gcj02: bool, dry_run: bool) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--user", required=True, help="who imports them (audited)")
        parser.add_argument("--gcj02", action="store_true", help="the coordinates are GCJ-02")
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, path, user, gcj02, dry_run, **options):
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"unknown user {user}")
        try:
            with open(path, encoding="utf-8") as file:
                document = json.load(file)
            count = self.run(actor=actor, document=document, gcj02=gcj02, dry_run=dry_run)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        except (ValidationError, PermissionDenied) as error:
            raise CommandError("\n".join(getattr(error, "messages", [str(error)]))) from error
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{verb} {count} {self.what}")
