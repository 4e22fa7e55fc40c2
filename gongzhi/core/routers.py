"""A read replica for the heavy reads of background reports and exports.

With `DATABASE_REPLICA_URL` set, the reads made inside `on_replica()` go to the replica; every
write, and every read outside it, goes to the primary. A replica lags the primary by its
replication delay, so only work that may show data a moment old runs inside it (exports run by
the worker); pages, and anything that reads what it has just written, never do."""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_on_replica = contextvars.ContextVar("gongzhi_on_replica", default=False)


@contextlib.contextmanager
def on_replica():
    token = _on_replica.set(True)
    try:
        yield
    finally:
        _on_replica.reset(token)


def reading_from_replica() -> bool:
    return _on_replica.get() and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica() else None

    def db_for_write(self, model, **hints):
        return None  # the primary

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the primary's rows: a record read there may be linked to one here
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None  # the replica is migrated by replication
