"""Many rows of one table written at once: COPY on PostgreSQL, one prepared INSERT run for many
parameter rows elsewhere. A multi-row `INSERT … VALUES (…), (…)` costs psycopg a parse of the
whole statement on every batch (too long for its statement cache), which for an import of
100,000 rows was more than the database's own work."""


def insert_rows(connection, table: str, columns: list[str], rows: list[list]) -> None:
    """Write `rows` (values already prepared for the database, in `columns` order)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)  # names from the model
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def reserve_ids(connection, model, count: int) -> list[int] | None:
    """`count` primary keys taken from the model's sequence on PostgreSQL, for rows written by
    COPY (which returns nothing); None elsewhere."""
    if connection.vendor != "postgresql" or not count:
        return None
    meta = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(meta.db_table), meta.pk.column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def analyze(connection, models, *, vacuum: bool = False) -> None:
    """Refresh PostgreSQL's statistics of the models' tables after a bulk write, so the next
    queries are planned on the rows now there (autovacuum would take a while). `vacuum` also
    marks the new rows visible to all (outside a transaction only): index-only scans then
    read no table rows, as on a database autovacuum keeps (a to-do check over 22 M review
    events: 2.2 s before, 59 ms after)."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    command = "VACUUM ANALYZE" if vacuum and not connection.in_atomic_block else "ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{command} {quote(model._meta.db_table)}")
