from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongzhi.evaluation.services import table_save
from gongzhi.evaluation.workbook import read_table
from gongzhi.programs.models import Program


class Command(BaseCommand):
    help = (
        "Import a program's official scoring table from Excel (the format of the table's export); "
        "it replaces the table, or becomes a new version once rounds use the current one."
    )

    def add_arguments(self, parser):
        parser.add_argument("program", help="the program's code, e.g. guanghan-2024")
        parser.add_argument("file", help="the .xlsx workbook")

    def handle(self, *args, **options):
        program = Program.objects.filter(code=options["program"]).first()
        if program is None:
            raise CommandError(f"no program {options['program']!r}")
        try:
            with open(options["file"], "rb") as file:
                table = table_save(actor=None, program=program, document=read_table(file))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{table} ({table.categories.count()} categories)"))
