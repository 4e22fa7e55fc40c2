from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.orgs.loader import FixtureError
from gongzhi.residents.calendar import DEFAULT_FILE, load_holidays


class Command(BaseCommand):
    help = "Load the holiday arrangement (public holidays and weekend days worked) from YAML."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE))

    def handle(self, *args, file, **options):
        try:
            changed = load_holidays(Path(file))
        except FixtureError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{changed} day(s) added or changed.")
