"""The audit log search at 100,000 and at 10,000,000 entries (PostgreSQL; issue 18: p95 at
10 M ≤ 1.5 × at 100 k).

Run with `make bench` on PostgreSQL (DATABASE_URL=postgres://…; GZ_BENCH_AUDIT_BIG sets the big
size). The entries are written by SQL in this test's database, in proportion at both sizes as a
province's log would be: an account, an object, an address keep about as many entries each
(there are more of them at 10 M), while a common message stays common (one entry in ten). Each
search is the audit page's query for its first page (51 entries, newest first, as the office),
run five times after a warm-up; the unit search finds the test tree's own entries.
"""

import os
import statistics
import time

import pytest
from django.db import connection

from gongzhi.core import audit_search
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.models import AuditEntry

GOAL = 1.5
SMALL = 100_000
BIG = int(os.environ.get("GZ_BENCH_AUDIT_BIG", 10_000_000))
CHUNK = 1_000_000
RUNS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the search index is PostgreSQL's"
    ),
]

# Per size n: n / 250 accounts, n / 25 objects (half of them named by two characters, as a
# person is), n / 100 addresses; ten messages.
FILL_SQL = """
INSERT INTO core_auditentry (at, actor_label, ip, action, object_type, object_id, object_repr,
                             message)
SELECT now() - (%(n)s - i) * interval '1 second' * (94608000.0 / %(n)s),
       'acct-' || lpad((i * 7919 %% (%(n)s / 250))::text, 6, '0'),
       ('10.' || (i %% 250) || '.' || (i / 250 %% 250) || '.' || (i / 62500 %% 250))::inet,
       (ARRAY['create','update','transition','export','login'])[1 + i %% 5],
       'volunteer', (i %% (%(n)s / 25))::text,
       CASE WHEN i %% 2 = 0 THEN '志愿者' || lpad((i %% (%(n)s / 25))::text, 7, '0') || '号'
            ELSE chr((19968 + (i %% (%(n)s / 25)) %% 20902)::int)
                 || chr((19968 + (i %% (%(n)s / 25)) / 20902 %% 20902)::int) END,
       (ARRAY['新增进度上报','提交进度上报','导出志愿者名册','新增活动','修改志愿者信息',
              '审核通过','退回修改','登录','导入签到名单','停用记录'])[1 + i %% 10]
FROM generate_series(%(start)s::bigint, %(stop)s::bigint) AS i
"""


def _fill(upto: int, size: int) -> None:
    """Entries numbered up to `upto`, spread over three years, made as for a log of `size`."""
    have = AuditEntry.objects.dangerously_unscoped(reason="bench").count()
    with connection.cursor() as cursor:
        for start in range(have, upto, CHUNK):
            stop = min(start + CHUNK, upto) - 1
            cursor.execute(FILL_SQL, {"n": size, "start": start, "stop": stop})
        cursor.execute("ANALYZE core_auditentry")


def _searches(size: int, unit_name: str) -> dict[str, str]:
    return {
        "an account": f"acct-{7919 * 12345 % (size // 250):06d}",
        "an object": f"志愿者{4320 % (size // 25):07d}号",
        "a name of two characters": _name(4321 % (size // 25)),
        "a name no entry has": "鑫淼",
        "an address": "10.17.3.0",
        "a unit": unit_name,
        "a common message": "导出志愿者名册",
        "nothing": "没有这样的记录",
    }


def _timings(words: dict[str, str], office) -> dict[str, list[float]]:
    scoped = AuditEntry.objects.visible_to(office)
    timings = {}
    for label, word in words.items():
        page = audit_search.matching(scoped, word).order_by("-at", "-pk")
        list(page[:51])  # warm
        runs = []
        for _run in range(RUNS):
            started = time.perf_counter()
            found = list(page[:51])
            runs.append(time.perf_counter() - started)
        assert found or label in {"nothing", "a name no entry has"}, label
        timings[label] = runs
    return timings


def _name(number: int) -> str:
    return chr(19968 + number % 20902) + chr(19968 + number // 20902 % 20902)


def _p95(timings: dict[str, list[float]]) -> float:
    return statistics.quantiles([t for runs in timings.values() for t in runs], n=20)[-1]


def test_the_audit_search_costs_the_same_at_10_million_entries(tree, office):
    for unit in (tree.community_a1, tree.community_b1):
        audit_record(actor=None, action=Action.UPDATE, unit=unit, message="单位的记录")
    started = time.perf_counter()
    _fill(SMALL, SMALL)
    small = _timings(_searches(SMALL, tree.community_a1.name), office)
    _fill(BIG, BIG)
    print(f"\nfilled {BIG:,} entries in {time.perf_counter() - started:.0f} s")
    big = _timings(_searches(BIG, tree.community_a1.name), office)

    for label in small:
        print(
            f"{label:34} {statistics.median(small[label]) * 1000:8.1f} ms → "
            f"{statistics.median(big[label]) * 1000:8.1f} ms (median)"
        )
    ratio = _p95(big) / _p95(small)
    print(
        f"p95 {_p95(small) * 1000:.1f} ms at {SMALL:,} → {_p95(big) * 1000:.1f} ms at {BIG:,}: "
        f"{ratio:.2f} (goal ≤ {GOAL})"
    )
    assert ratio <= GOAL
