"""Django's flush (empty every table), which on SQLite lifts the audit log's delete guard for
the wipe and puts it back after. Emptying the whole database is an operator's act, like
dropping it; PostgreSQL's flush truncates, which row triggers do not see."""

from django.core.management.commands import flush
from django.db import connections

from gongzhi.core.audit_retention import install_guard, remove_guard


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        remove_guard(connection)
        try:
            return super().handle(**options)
        finally:
            install_guard(connection)
