from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.community.loader import load_checklist
from gongzhi.demo.history import DEMO_DAY, write_history
from gongzhi.demo.users import load_demo_users
from gongzhi.evaluation.services import table_default
from gongzhi.orgs.loader import FixtureError, load_orgs
from gongzhi.programs.document import DocumentError, read_document_file
from gongzhi.programs.importer import import_program

FIXTURES = settings.BASE_DIR / "fixtures"


def load_base() -> tuple:
    """Units, the program, its checklist and one demo account per role: (program, accounts)."""
    load_orgs(FIXTURES / "guanghan-2024" / "orgs.yaml")
    load_orgs(FIXTURES / "demo" / "orgs.yaml")
    program_file = FIXTURES / "guanghan-2024" / "program.json"
    program, _rows = import_program(read_document_file(program_file), source=program_file.name)
    load_checklist(FIXTURES / "guanghan-2024" / "checklist.yaml")
    table_default(program)  # the default scoring table, until the office imports the official one
    return program, load_demo_users(FIXTURES / "demo" / "users.yaml")


class Command(BaseCommand):
    help = (
        "Load the Guanghan 2024 program, one demo account per role and the demo history up to "
        "the demo day (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="Load the program and accounts only, with nothing reported.",
        )

    def handle(self, *args, **options):
        try:
            program, rows = load_base()
            if not options["without_history"]:
                rows += write_history(program, FIXTURES / "demo")
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
        if not options["without_history"]:
            self._say_day()

    def _say_day(self):
        self.stdout.write(f"演示日：{DEMO_DAY:%Y-%m-%d}，进度按这一天显示。")
        if DEMO_DAY.isoformat() != settings.GZ_DEMO_TODAY:
            self.stdout.write(
                self.style.WARNING(
                    f"请以 GZ_DEMO_TODAY={DEMO_DAY:%Y-%m-%d} 启动服务（make demo 已设置），"
                    "否则所有事项都按今天显示为逾期。"
                )
            )
