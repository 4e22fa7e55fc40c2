from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.programs.document import DocumentError, read_document_file
from gongzhi.programs.importer import import_program


class Command(BaseCommand):
    help = "Import (or re-import) a program from its JSON document; nothing is written on error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            program, changes = import_program(read_document_file(file), source=file.name)
        except DocumentError as error:
            raise CommandError(f"{file}:\n" + "\n".join(error.errors)) from error
        self.stdout.write(f"{program.code}: {changes} change(s)")
