"""Writes generated model instances in bulk: COPY on PostgreSQL, one prepared INSERT run for
many rows elsewhere, or Django's bulk_create (to compare). Values are prepared by their model
field as `save()` would send them, except where that is the value itself (text, numbers,
flags, keys: checked against the field's own preparation in the tests); personal fields are
encrypted once per distinct value."""

import time

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from gongzhi.core.bulk import analyze
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.options import OptionField

MODES = ("copy", "insert", "orm")
_MEMO_LIMIT = 100_000  # distinct clear values remembered per field before starting afresh
# field types whose value goes to the database as it is (no pre_save, no conversion)
AS_IS = frozenset(
    {
        models.CharField,
        models.TextField,
        models.SlugField,
        models.BooleanField,
        models.IntegerField,
        models.SmallIntegerField,
        models.BigIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.ForeignKey,
        OptionField,
    }
)


def default_mode() -> str:
    return "copy" if connections[DEFAULT_DB_ALIAS].vendor == "postgresql" else "insert"


class RowWriter:
    def __init__(self, mode: str = ""):
        self.mode = mode or default_mode()
        # the connection itself, not the proxy: it is asked once per value
        self.connection = connections[DEFAULT_DB_ALIAS]
        if self.mode == "copy" and self.connection.vendor != "postgresql":
            raise ValueError("COPY needs PostgreSQL")
        self._sealed: dict = {}
        self.seconds = {"prepare": 0.0, "database": 0.0}  # where the time went, summed
        self.written: set = set()  # the models written to, for `analyze`

    def write(self, model, objs: list) -> int:
        if not objs:
            return 0
        self.written.add(model)
        if self.mode == "orm":
            started = time.perf_counter()
            model.objects.bulk_create(objs)
            self.seconds["database"] += time.perf_counter() - started
            return len(objs)
        started = time.perf_counter()
        columns = [f for f in model._meta.concrete_fields if not f.primary_key]
        rows = self.rows(columns, objs)
        prepared = time.perf_counter()
        self.seconds["prepare"] += prepared - started
        quote = self.connection.ops.quote_name
        table, names = quote(model._meta.db_table), ", ".join(quote(f.column) for f in columns)
        with self.connection.cursor() as cursor:
            if self.mode == "copy":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.seconds["database"] += time.perf_counter() - prepared
        return len(rows)

    def rows(self, columns: list, objs: list) -> list[list]:
        prepare = self.prepare
        plain = [type(field) in AS_IS for field in columns]
        attnames = [field.attname for field in columns]
        return [
            [
                obj.__dict__[attname] if fast else prepare(field, obj)
                for field, attname, fast in zip(columns, attnames, plain, strict=True)
            ]
            for obj in objs
        ]

    def prepare(self, field, obj):
        """The value `save()` would send for `field` of `obj`."""
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            # a generated history keeps its own timestamps; unset ones are “now”, as on save
            value = getattr(obj, field.attname) or timezone.now()
        else:
            value = field.pre_save(obj, True)
        if isinstance(field, EncryptedTextField) and value:
            return self._seal(field, value)
        return field.get_db_prep_save(value, self.connection)

    def _seal(self, field, value):
        """The field's ciphertext of `value`; a value seen before reuses its ciphertext (a
        fresh nonce per row would cost the encryption again and decrypts to the same text)."""
        memo = self._sealed.setdefault(field, {})
        clear = value.reveal() if hasattr(value, "reveal") else value
        if clear not in memo:
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[clear] = field.get_db_prep_save(value, self.connection)
        return memo[clear]

    def analyze(self) -> None:
        """Refresh PostgreSQL's statistics and visibility map of the tables written: the next
        stage's lookups (and the pages measured later) are planned and read as on a database
        in use."""
        analyze(self.connection, self.written, vacuum=True)
        self.written.clear()
