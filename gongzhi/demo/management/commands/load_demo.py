from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.community.loader import load_checklist
from gongzhi.demo.users import load_demo_users
from gongzhi.orgs.loader import FixtureError, load_orgs
from gongzhi.programs.document import DocumentError, read_document_file
from gongzhi.programs.importer import import_program

FIXTURES = settings.BASE_DIR / "fixtures"


class Command(BaseCommand):
    help = "Load the Guanghan 2024 program and one demo account per role (idempotent)."

    def handle(self, *args, **options):
        try:
            load_orgs(FIXTURES / "guanghan-2024" / "orgs.yaml")
            load_orgs(FIXTURES / "demo" / "orgs.yaml")
            program_file = FIXTURES / "guanghan-2024" / "program.json"
            import_program(read_document_file(program_file), source=program_file.name)
            load_checklist(FIXTURES / "guanghan-2024" / "checklist.yaml")
            rows = load_demo_users(FIXTURES / "demo" / "users.yaml")
        except FixtureError as error:
            raise CommandError(str(error)) from error
        except DocumentError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(
            self.style.SUCCESS("广汉市 2024 “创特色” 数据已就绪。演示账号（每个角色一个）：")
        )
        for row in rows:
            self.stdout.write(
                f"  {row['username']:<14} {row['password']}   {row['role']} · {row['unit']}"
            )
