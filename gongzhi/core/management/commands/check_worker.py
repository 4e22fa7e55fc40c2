"""Is a background worker running? Queue a ping on the configured task backend (the database, or
RQ on Redis) and wait for a worker to answer it; exit status 1 if none does in time (for a
monitoring check after a deployment)."""

import secrets
import time

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus, task


@task()
def worker_ping(token: str) -> str:
    return token


class Command(BaseCommand):
    help = "Queue a ping for the background worker and wait for its answer."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30, help="seconds to wait")

    def handle(self, *args, timeout, **options):
        token = secrets.token_hex(8)
        result = worker_ping.enqueue(token)
        deadline = time.monotonic() + timeout
        while not result.is_finished:
            if time.monotonic() > deadline:
                raise CommandError(f"no worker answered within {timeout:g} s")
            time.sleep(0.2)
            result.refresh()
        if result.status != TaskResultStatus.SUCCESSFUL or result.return_value != token:
            raise CommandError(f"the ping failed: {result.status}")
        backend = type(worker_ping.get_backend()).__name__
        self.stdout.write(f"worker answered ({backend})")
