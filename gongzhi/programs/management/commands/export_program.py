import json

from django.core.management.base import BaseCommand, CommandError

from gongzhi.programs.exporter import export_program
from gongzhi.programs.models import Program


class Command(BaseCommand):
    help = "Print a program as its JSON document."

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        program = (
            Program.objects.dangerously_unscoped(
                reason="a command-line export is the server operator's, outside any user's scope"
            )
            .filter(code=code)
            .first()
        )
        if program is None:
            raise CommandError(f"no program has the code '{code}'")
        self.stdout.write(json.dumps(export_program(program), ensure_ascii=False, indent=1))
