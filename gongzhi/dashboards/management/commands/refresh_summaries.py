import time

from django.core.management.base import BaseCommand

from gongzhi.dashboards.summaries import refresh
from gongzhi.residents.tallies import refresh_stale


class Command(BaseCommand):
    help = (
        "Bring the cockpit summaries up to date: rebuild the programs out of date (a new day, a "
        "phase changed), recount the counted targets (counters over the registries, which "
        "change without any change to a task) and update the tasks whose figures changed. Run "
        "it every minute (`--every 60`, or cron) so figures are at most a minute old; --whole "
        "rebuilds every program from scratch. Also recounts the needs board's totals counted "
        "before today (overdue needs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--whole", action="store_true", help="rebuild every program whole")
        parser.add_argument("--dirty", action="store_true", help="(the default; kept for cron)")
        parser.add_argument("--every", type=float, default=0, help="repeat every SECONDS")

    def handle(self, *args, whole, every, **options):
        while True:
            started = time.monotonic()
            done = refresh(only_dirty=not whole, recount=not whole)
            tallies = refresh_stale()
            took = time.monotonic() - started
            self.stdout.write(
                f"{len(done)} program(s) brought up to date, {tallies} needs tally row(s) "
                f"recounted in {took:.2f} s"
            )
            if not every:
                return
            time.sleep(max(0.0, every - took))
