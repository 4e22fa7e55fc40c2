"""Generate a city or province worth of data for benchmarks (see gongzhi.demo.scale)."""

import os
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from gongzhi.demo.scale import PRESETS, STAGES, generate
from gongzhi.demo.scale.common import PASSWORD
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

    def handle(self, *args, preset, seed, database_url, insert, stop_after, **options):
        if database_url:
            self._elsewhere(database_url)
            return
        started = time.perf_counter()
        run = generate(preset, seed=seed, mode=insert, stop_after=stop_after, out=self.stdout.write)
        self.stdout.write(f"{preset}: {time.perf_counter() - started:.1f} s in all")
        if not stop_after:
            accounts = "、".join(logins(run))
            self.stdout.write(f"accounts: {accounts} (password {PASSWORD})")

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
