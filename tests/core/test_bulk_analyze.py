"""After a bulk write the generator refreshes PostgreSQL's statistics and, outside a
transaction, its visibility map (VACUUM): index-only scans then read no table rows, as on a
database autovacuum keeps. Inside a transaction VACUUM cannot run, so it only analyses."""

import pytest
from django.db import connection, transaction

from gongzhi.core.bulk import analyze
from gongzhi.core.models import Option

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="statistics and VACUUM are PostgreSQL's"
)


def _last(column: str):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM pg_stat_user_tables WHERE relname = %s",
            [Option._meta.db_table],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_tables_are_vacuumed_and_analysed():
    analyze(connection, [Option], vacuum=True)
    assert _last("last_vacuum") is not None and _last("last_analyze") is not None


@pytest.mark.django_db
def test_inside_a_transaction_they_are_analysed_only():
    with transaction.atomic():
        analyze(connection, [Option], vacuum=True)  # VACUUM here would raise
    assert _last("last_analyze") is not None
