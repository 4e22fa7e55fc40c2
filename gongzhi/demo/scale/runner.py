"""Runs the generator's stages: each table's rows are a deterministic sequence written in
chunks, one transaction each, so an interrupted run leaves whole chunks and the next run
continues after the rows already there (a complete run adds nothing)."""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from gongzhi.demo.scale.sizes import Sizes
from gongzhi.demo.scale.writer import RowWriter


def bucket_of(i: int, total: int, buckets: int) -> int:
    """Which of `buckets` even, contiguous shares row `i` of `total` falls in."""
    return i * buckets // total


def first_of(bucket: int, total: int, buckets: int) -> int:
    """The first row of a bucket (inverse of bucket_of)."""
    return -(-bucket * total // buckets)


def share(bucket: int, total: int, buckets: int) -> int:
    """How many rows fall in a bucket."""
    return first_of(bucket + 1, total, buckets) - first_of(bucket, total, buckets)


def split(i: int, total: int, buckets: int) -> tuple[int, int]:
    """(bucket, index within the bucket) of row `i`."""
    bucket = bucket_of(i, total, buckets)
    return bucket, i - first_of(bucket, total, buckets)


def dealt(i: int, buckets: int) -> tuple[int, int]:
    """(bucket, index within the bucket) of row `i` when rows are dealt round the buckets in
    turn: records that arrive over time (needs, reports) from every unit at once, so the ids
    (and the days, see `day_of`) of one unit's rows are spread over the whole table."""
    return i % buckets, i // buckets


def day_of(i: int, total: int, days: int) -> int:
    """The day of row `i` when rows arrive in id order over `days` days."""
    return i * days // total


@dataclass
class Sequence:
    """`total` rows, row i made by `make(rng, i)`; `existing()` counts those already written
    (always a prefix of the sequence, since chunks are written in order, each atomically)."""

    name: str
    model: type
    total: int
    existing: Callable[[], int]
    make: Callable[[random.Random, int], object]
    chunk: int = 5_000


@dataclass
class Children:
    """Rows made for each parent (`make(parent)`); parents come in primary-key order from
    `parents(after)`, and the run continues after `last_parent()`, the last one with rows."""

    name: str
    model: type
    parents: Callable[[int], Iterable]
    last_parent: Callable[[], int | None]
    make: Callable[[object], list]
    chunk: int = 2_000  # parents per transaction


@dataclass
class Run:
    """One run of the generator: its preset, seed, writer, and what stages share."""

    preset: str
    sizes: Sizes
    seed: int
    writer: RowWriter
    out: Callable[[str], None]
    cache: dict = field(default_factory=dict)
    timings: list = field(default_factory=list)  # (stage, table, rows, seconds, split)
    stage: str = ""

    def shared(self, key: str, load: Callable):
        """A lookup loaded once per run (e.g. the communities' ids), after its stage ran."""
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]

    def rng(self, *parts) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def sequence(self, table: Sequence) -> int:
        done = table.existing()
        started, written = self._start(), 0
        for chunk_start in range(done - done % table.chunk, table.total, table.chunk):
            rng = self.rng(self.preset, table.name, chunk_start // table.chunk)
            stop = min(table.total, chunk_start + table.chunk)
            rows = [table.make(rng, i) for i in range(chunk_start, stop)]
            with transaction.atomic():
                written += self.writer.write(table.model, rows[max(0, done - chunk_start) :])
            self._progress(table.name, written, started, stop, table.total)
        return self._finish(table.name, written, started)

    def children(self, table: Children) -> int:
        after = table.last_parent() or 0
        started, written = self._start(), 0
        batch: list = []
        for parent in table.parents(after):
            batch.append(parent)
            if len(batch) == table.chunk:
                written += self._write_children(table, batch)
                self._progress(table.name, written, started)
                batch = []
        written += self._write_children(table, batch)
        return self._finish(table.name, written, started)

    def _write_children(self, table: Children, parents: list) -> int:
        rows = [row for parent in parents for row in table.make(parent)]
        with transaction.atomic():
            return self.writer.write(table.model, rows)

    def _progress(self, name, written, started, done=None, total=None):
        """A line every ten seconds or so while a big table is written."""
        now = time.perf_counter()
        if now - self.cache.get("printed_at", started) >= 10:
            where = f" ({done:,}/{total:,})" if total else ""
            rate = written / (now - started)
            self.out(f"  {name}: {written:,} rows{where}, {rate:,.0f} rows/s")
            self.cache["printed_at"] = now

    def _start(self) -> float:
        self.cache["split"] = dict(self.writer.seconds)
        return time.perf_counter()

    def _finish(self, name: str, written: int, started: float) -> int:
        """Print and keep the table's rows, time, rate, and the time spent preparing values
        and in the database (the rest went to making the rows)."""
        self.cache.pop("printed_at", None)
        seconds = time.perf_counter() - started
        before = self.cache.pop("split")
        spent = {key: total - before[key] for key, total in self.writer.seconds.items()}
        self.timings.append((self.stage, name, written, seconds, spent))
        rate = f", {written / seconds:,.0f} rows/s" if written and seconds else ""
        parts = f" (prepare {spent['prepare']:.1f} s, database {spent['database']:.1f} s)"
        self.out(f"  {name}: {written:,} rows in {seconds:.1f} s{rate}{parts if written else ''}")
        return written


def paged(rows, after: int, fields: tuple, page: int = 10_000):
    """`fields` (the primary key first) of the rows with a primary key above `after`, in key
    order, a range of keys at a time: each query reads one range, however many rows follow,
    and no cursor stays open while the caller writes."""
    last = rows.aggregate(last=Max("pk"))["last"] or 0
    while after < last:
        found = rows.filter(pk__gt=after, pk__lte=after + page).order_by("pk")
        yield from found.values_list(*fields)
        after += page
