"""Generate a city or province worth of data for benchmarks (see gongzhi.demo.scale)."""

import os
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongzhi.demo.scale import INDEPENDENT, PRESETS, STAGES, generate, sizes_of
from gongzhi.demo.scale.common import PASSWORD
from gongzhi.demo.scale.jobs import deal
from gongzhi.demo.scale.users import logins
from gongzhi.demo.scale.writer import MODES


class Command(BaseCommand):
    help = "Generate deterministic data at city or province size; re-running completes it."

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="tiny")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument(
            "--database-url",
            default="",
            help="migrate and fill this database instead of the configured one",
        )
        parser.add_argument(
            "--insert",
            choices=MODES,
            default="",
            help="copy (PostgreSQL's default), insert (one INSERT for many rows) or orm "
            "(bulk_create), to compare",
        )
        parser.add_argument("--stop-after", choices=list(STAGES), default="")
        parser.add_argument(
            "--only", choices=list(STAGES), action="append", default=[], help="run this stage only"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="after the program, run the independent stages in this many processes",
        )

    def handle(self, *args, preset, seed, database_url, insert, stop_after, only, jobs, **options):
        if database_url:
            self._elsewhere(database_url)
            return
        if jobs > 1 and (only or stop_after):
            raise CommandError("--jobs 生成全部数据，不能与 --only 或 --stop-after 同用。")
        started = time.perf_counter()
        stop_after = "program" if jobs > 1 else stop_after
        out = self.stdout.write
        run = generate(preset, seed=seed, mode=insert, stop_after=stop_after, only=only, out=out)
        if jobs > 1:
            groups = deal(INDEPENDENT, sizes_of(preset), jobs)
            self._in_parallel(groups, preset=preset, seed=seed, insert=insert)
            stop_after = ""
        self.stdout.write(f"{preset}: {time.perf_counter() - started:.1f} s in all")
        if not stop_after and not only:
            accounts = "、".join(logins(run))
            self.stdout.write(f"accounts: {accounts} (password {PASSWORD})")

    def _in_parallel(self, groups: list[list[str]], **same: str) -> None:
        """Run each group of stages in a process of its own (this command with --only and the
        same preset, seed and insert mode), all at once; fail if any of them failed."""
        manage = str(settings.BASE_DIR / "manage.py")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        common = [f"--{name}={value}" for name, value in same.items() if value != ""]
        children = [
            subprocess.Popen(
                [sys.executable, manage, "generate_data", *common, *self._only(group)], env=env
            )
            for group in groups
        ]
        failed = [
            " ".join(group) for group, child in zip(groups, children, strict=True) if child.wait()
        ]
        if failed:
            raise CommandError(f"这些阶段未完成：{'；'.join(failed)}。重新运行即可从中断处继续。")

    @staticmethod
    def _only(group: list[str]) -> list[str]:
        return [arg for stage in group for arg in ("--only", stage)]

    def _elsewhere(self, database_url: str) -> None:
        """The database is chosen when settings load: run migrate and this command again in a
        process whose DATABASE_URL names it."""
        manage = str(settings.BASE_DIR / "manage.py")
        rest = [arg for arg in sys.argv[2:] if not arg.startswith("--database-url")]
        if database_url in rest:
            rest.remove(database_url)
        env = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
        for command in (["migrate", "--noinput", "-v0"], ["generate_data", *rest]):
            subprocess.run([sys.executable, manage, *command], env=env, check=True)
