"""Escalate the elevator alarms nobody acknowledged in time: run it every minute (cron)."""

from django.core.management.base import BaseCommand

from gongzhi.smart.services import escalate_alarms


class Command(BaseCommand):
    help = "Move unacknowledged elevator alarms up to the street, then the city (every minute)."

    def handle(self, *args, **options):
        moved = escalate_alarms()
        if moved:
            self.stdout.write(f"Escalated {moved} alarm(s).")
