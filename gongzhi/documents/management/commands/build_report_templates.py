from django.core.management.base import BaseCommand

from gongzhi.documents.default_templates import write_defaults


class Command(BaseCommand):
    help = "Write the default Word templates of the summary and acceptance reports."

    def handle(self, *args, **options):
        for path in write_defaults():
            self.stdout.write(str(path))
