"""Import unit boundaries from a GeoJSON FeatureCollection (properties.unit = code or path).

manage.py import_boundaries boundaries.geojson --user office [--gcj02] [--dry-run]
"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.accounts.models import User
from gongzhi.smart.boundaries import import_boundaries


class Command(BaseCommand):
    help = "Import unit boundaries from GeoJSON (all or nothing; --dry-run only checks)."

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
            count = import_boundaries(actor=actor, document=document, gcj02=gcj02, dry_run=dry_run)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{verb} {count} boundary(ies)")
