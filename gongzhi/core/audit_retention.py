"""Keeping the audit log: entries are kept at least MIN_AUDIT_RETENTION_DAYS, and only older
ones are ever deleted (`purge_audit`). The database refuses the rest by itself (triggers of
migration core 0005): no UPDATE of an entry, no DELETE of one younger than 180 days."""

from datetime import timedelta

from django.db import connections, router
from django.utils import timezone

from gongzhi.core.models import AuditEntry

MIN_AUDIT_RETENTION_DAYS = 180
BATCH = 5000


def purge_audit(*, days: int, now=None, dry_run: bool = False) -> int:
    """Delete audit entries older than `days` days (never fewer than the minimum); how many."""
    if days < MIN_AUDIT_RETENTION_DAYS:
        raise ValueError(f"audit entries are kept at least {MIN_AUDIT_RETENTION_DAYS} days")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = AuditEntry.objects.dangerously_unscoped(
        reason="retention: the oldest entries of every unit, for no user"
    ).filter(at__lt=cutoff)
    if dry_run:
        return old.count()
    connection = connections[router.db_for_write(AuditEntry)]
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    deleted = 0
    while pks := list(old.values_list("pk", flat=True)[:BATCH]):
        # entries are immutable to the ORM; this delete is the one path that removes them
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(pks))
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({placeholders})", pks)
        deleted += len(pks)
    return deleted


# The database's own guard, per vendor (installed by migration core 0005 and again after every
# migrate, since SQLite drops a table's triggers when a migration rebuilds the table).
GUARD_SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END",
        "CREATE TRIGGER IF NOT EXISTS core_auditentry_keep_young BEFORE DELETE ON core_auditentry "
        f"WHEN OLD.at > datetime('now', '-{MIN_AUDIT_RETENTION_DAYS} days') "
        f"BEGIN SELECT RAISE(ABORT, 'audit entries younger than {MIN_AUDIT_RETENTION_DAYS} days "
        "cannot be deleted'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_auditentry_guard() RETURNS trigger AS $$ BEGIN "
        "IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'audit entries cannot be changed'; END IF; "
        f"IF OLD.at > now() - interval '{MIN_AUDIT_RETENTION_DAYS} days' THEN RAISE EXCEPTION "
        f"'audit entries younger than {MIN_AUDIT_RETENTION_DAYS} days cannot be deleted'; "
        "END IF; RETURN OLD; END $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry",
        "CREATE TRIGGER core_auditentry_guard BEFORE UPDATE OR DELETE ON core_auditentry "
        "FOR EACH ROW EXECUTE FUNCTION core_auditentry_guard()",
    ],
}
UNGUARD_SQL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditentry_no_update",
        "DROP TRIGGER IF EXISTS core_auditentry_keep_young",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS core_auditentry_guard ON core_auditentry",
        "DROP FUNCTION IF EXISTS core_auditentry_guard()",
    ],
}


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install_guard(connection) -> None:
    _run(connection, GUARD_SQL)


def remove_guard(connection) -> None:
    _run(connection, UNGUARD_SQL)
