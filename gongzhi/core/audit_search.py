"""Searching the audit log so that a search reads what it finds, not the whole log.

A word is looked for in an entry's free text (object and message, upper case), which PostgreSQL
indexes by trigrams; in its account and unit through the few users and units whose name holds
it (as lists of ids, each read from its own index); in the account typed at a failed sign-in by
exact match; and, when it looks like the beginning of an address, in the IP address alone (an
index on the address as text). Account names and addresses stay out of the trigram index: they
share most of their trigrams ("city-c98…", "10.0."), and every shared trigram is a long list
the index must read whatever the search."""

import re

from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Length

INDEX_NAME = "audit_search_trgm"
ADDRESS_INDEX_NAME = "audit_ip_text"
LABEL_INDEX_NAME = "audit_actor_label"
OBJECT_INDEX_NAME = "audit_object_repr"
SHORTEST_PART = 3  # a trigram: shorter words match whole names only
MATCHED_AT_MOST = 1000  # users or units matched by name (a word common to more says little)
# “10.8.3”, “fe80::1”: digits, and dots or colons (a name such as “ad.be” is not an address)
ADDRESS_START = re.compile(r"(?=.*\d)[0-9a-fA-F]*[.:][0-9a-fA-F.:]*")


class _Address(Func):
    """An entry's IP address as text."""

    template = "HOST(%(expressions)s)"
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="%(expressions)s")


class FreeText(Func):
    """What a search reads beside names and addresses. Keep it equal to the expression of
    INDEXES' trigram index: PostgreSQL uses an index only for its very expression."""

    template = "UPPER(%(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = models.TextField()

    def __init__(self):
        super().__init__(F("object_repr"), F("message"))


INDEXES = [
    # New entries wait in a list every search reads through until the list is merged into
    # the index: 4 MB by default (~100 ms a search), 256 kB here.
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON core_auditentry USING gin "
    "((UPPER(object_repr || ' ' || message)) gin_trgm_ops) WITH (gin_pending_list_limit = 256)",
    # not partial: the planner reads an expression's statistics only from a whole-table index
    f"CREATE INDEX IF NOT EXISTS {ADDRESS_INDEX_NAME} ON core_auditentry "
    "(HOST(ip) text_pattern_ops)",
    f"CREATE INDEX IF NOT EXISTS {LABEL_INDEX_NAME} ON core_auditentry (actor_label) "
    "WHERE actor_id IS NULL",
    # only the short names a short word can equal: an index of every object would cost an
    # import of 100,000 rows 0.9 s more
    f"CREATE INDEX IF NOT EXISTS {OBJECT_INDEX_NAME} ON core_auditentry (object_repr) "
    f"WHERE LENGTH(object_repr) < {SHORTEST_PART}",
]


def install_search_index(connection) -> None:
    """The search's indexes (PostgreSQL only; pg_trgm is a trusted extension, so the
    database's owner may create it). Elsewhere the search reads the log newest first."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for sql in INDEXES:
            cursor.execute(sql)
        # the expressions' statistics: without them the planner takes every word for a rare
        # one, and reads all of a common word's entries from the index, then sorts them
        cursor.execute("ANALYZE core_auditentry")


def remove_search_index(connection) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name in (INDEX_NAME, ADDRESS_INDEX_NAME, LABEL_INDEX_NAME, OBJECT_INDEX_NAME):
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def matching(queryset, words: str):
    """Entries whose object, message, account, unit or address holds `words` (any case). A
    word of one or two characters (a name such as 张三) has no trigram to look up: it finds the
    objects and accounts of that very name, and the users and units whose name holds it."""
    if ADDRESS_START.fullmatch(words):
        return queryset.alias(address=_Address(F("ip"))).filter(address__startswith=words)
    if names_only(words):
        short = Q(object_repr=words, short_name__lt=SHORTEST_PART)  # the index's condition
        return queryset.alias(short_name=Length("object_repr")).filter(short | _named(words))
    return queryset.alias(free_text=FreeText()).filter(
        Q(free_text__contains=words.upper()) | _named(words)
    )


def names_only(words: str) -> bool:
    """Whether `words` is too short to be looked for inside texts (the page says so)."""
    return 0 < len(words) < SHORTEST_PART and not ADDRESS_START.fullmatch(words)


def _named(words: str) -> Q:
    found = Q(actor__isnull=True, actor_label=words)
    users = _related("actor").objects.filter(
        Q(username__icontains=words) | Q(full_name__icontains=words)
    )
    if actors := list(users.values_list("pk", flat=True)[:MATCHED_AT_MOST]):
        found |= Q(actor__in=actors)
    units = _related("unit").objects.filter(name__icontains=words)
    if unit_ids := list(units.values_list("pk", flat=True)[:MATCHED_AT_MOST]):
        found |= Q(unit__in=unit_ids)
    return found


def _related(field: str):
    """The model an entry's `field` points to (users, units: apps above core)."""
    from gongzhi.core.models import AuditEntry

    return AuditEntry._meta.get_field(field).related_model
