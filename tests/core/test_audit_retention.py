"""Audit entries are kept at least 180 days: the setting cannot say less, purge_audit deletes
only older entries, and the database itself refuses to change any entry or delete a younger
one (SQLite here; PostgreSQL when DATABASE_URL points to it)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gongzhi.core.apps import _guard_audit_log
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audit_retention import purge_audit, remove_guard
from gongzhi.core.checks import audit_retention
from gongzhi.core.models import AuditEntry

TABLE = AuditEntry._meta.db_table


def _entry_at(days_ago: int) -> int:
    """An entry written `days_ago` days ago (the ORM always stamps the present)."""
    at = AuditEntry._meta.get_field("at").get_db_prep_save(
        timezone.now() - datetime.timedelta(days=days_ago), connection
    )
    columns = "at, actor_label, action, object_type, object_id, object_repr, message"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({columns}) VALUES (%s, '', 'login', '', '', '', %s)",
            [at, f"{days_ago} days"],
        )
    return AuditEntry.objects.get(message=f"{days_ago} days").pk


def _sql(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_retention_below_six_months_is_a_check_error(settings):
    settings.GZ_AUDIT_RETENTION_DAYS = 90
    assert [error.id for error in audit_retention(None)] == ["gongzhi.E020"]
    settings.GZ_AUDIT_RETENTION_DAYS = 180
    assert audit_retention(None) == []


def test_purge_deletes_only_entries_older_than_the_retention(db):
    _entry_at(400)
    kept, young = _entry_at(200), _entry_at(1)
    assert purge_audit(days=365, dry_run=True) == 1
    assert purge_audit(days=365) == 1
    assert set(AuditEntry.objects.values_list("pk", flat=True)) == {kept, young}
    with pytest.raises(ValueError):
        purge_audit(days=30)


def test_the_command_uses_the_setting(db, settings, capsys):
    _entry_at(400), _entry_at(200)
    settings.GZ_AUDIT_RETENTION_DAYS = 180
    call_command("purge_audit")
    assert "deleted 2 audit entries older than 180 days" in capsys.readouterr().out
    assert AuditEntry.objects.count() == 0


def test_the_database_refuses_to_change_any_entry(db):
    pk = _entry_at(400)
    with pytest.raises(DatabaseError):
        _sql(f"UPDATE {TABLE} SET message = 'forged' WHERE id = %s", [pk])
    assert AuditEntry.objects.get(pk=pk).message == "400 days"


def test_the_database_refuses_to_delete_a_young_entry_but_not_an_old_one(db, tree):
    young = audit_record(actor=None, action=Action.UPDATE, unit=tree.region, message="x").pk
    old = _entry_at(181)
    with pytest.raises(DatabaseError):
        _sql(f"DELETE FROM {TABLE} WHERE id = %s", [young])
    _sql(f"DELETE FROM {TABLE} WHERE id = %s", [old])
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [young]


def test_migrate_puts_the_guard_back(db):
    pk = _entry_at(1)
    remove_guard(connection)
    _guard_audit_log(sender=None, using="default")
    with pytest.raises(DatabaseError):
        _sql(f"DELETE FROM {TABLE} WHERE id = %s", [pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_the_guard():
    _entry_at(1)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    pk = _entry_at(1)
    with pytest.raises(DatabaseError):
        _sql(f"DELETE FROM {TABLE} WHERE id = %s", [pk])
