"""The Guanghan demo for tests, without its history (`load_demo --without-history`: program
and accounts, nothing reported; tests/demo load the history). `load_demo` runs once per test
process; later tests get the same rows back from a snapshot, inserted as they were (raw, like
`loaddata`), which is much faster.

The snapshot is rows only: a test that already holds rows of a snapshot table, or a demo that
starts storing files, gets a real `load_demo` instead.
"""

from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

_snapshot: list[tuple[type[models.Model], list[models.Model]]] | None = None


def _tables():
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _pks() -> dict:
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}


def _take(before: dict) -> list:
    taken = []
    for model in _tables():
        rows = list(model._base_manager.exclude(pk__in=before[model]))
        if rows:
            taken.append((model, rows))
    return taken


def _holds_files(snapshot) -> bool:
    return any(
        getattr(row, field.attname)
        for model, rows in snapshot
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
        for row in rows
    )


def _restorable(snapshot) -> bool:
    return not any(model._base_manager.exists() for model, _rows in snapshot)


def _restore(snapshot) -> None:
    with transaction.atomic():  # foreign keys are checked at commit: any order will do
        for model, rows in snapshot:
            fields = model._meta.local_concrete_fields
            size = connection.ops.bulk_batch_size(fields, rows) or len(rows)
            for start in range(0, len(rows), size):
                model._base_manager._insert(rows[start : start + size], fields=fields, raw=True)
        with connection.cursor() as cursor:  # explicit keys do not move PostgreSQL's sequences
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [m for m, _ in snapshot]
            ):
                cursor.execute(statement)


def load_demo_rows() -> None:
    """The demo's rows in the test database, as `load_demo --without-history` writes them."""
    global _snapshot
    if _snapshot is not None and _restorable(_snapshot):
        _restore(_snapshot)
        return
    before = _pks()
    call_command("load_demo", "--without-history", stdout=StringIO())
    if _snapshot is None:
        taken = _take(before)
        _snapshot = None if _holds_files(taken) else taken
