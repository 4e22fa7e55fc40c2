import time

from django.core.management.base import BaseCommand

from gongzhi.dashboards.summaries import refresh
from gongzhi.residents.tallies import refresh_stale


class Command(BaseCommand):
    help = (
        "Rebuild the cockpit summaries of every program (or, with --dirty, of those out of "
        "date). Run it every minute (cron or a timer) so figures that counters take from other "
        "records are at most a minute old; --every SECONDS keeps running. Also recounts the "
        "needs board's totals counted before today (overdue needs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dirty", action="store_true", help="only programs out of date")
        parser.add_argument("--every", type=float, default=0, help="repeat every SECONDS")

    def handle(self, *args, dirty, every, **options):
        while True:
            started = time.monotonic()
            done = refresh(only_dirty=dirty)
            tallies = refresh_stale()
            took = time.monotonic() - started
            self.stdout.write(
                f"{len(done)} program(s) rebuilt, {tallies} needs tally row(s) recounted "
                f"in {took:.2f} s"
            )
            if not every:
                return
            time.sleep(max(0.0, every - took))
