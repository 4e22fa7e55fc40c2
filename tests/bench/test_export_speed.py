"""How fast a 100,000-row volunteer export runs, compared with a raw openpyxl write of the same
cells.

Run with `make bench` (not part of `make test`; GZ_BENCH_ROWS sets the rows). Goal (issue 18):
the export job (read the records the office sees, decrypt and mask what is personal, write the
workbook) at least 0.7 × as fast as openpyxl's write-only mode writing the same cells from a
list already in memory.
"""

import cProfile
import io
import os
import pstats
import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from openpyxl import Workbook
from test_import_speed import ROWS, volunteer_file

from gongzhi.community.jobs import registry_export, registry_import
from gongzhi.community.models import Volunteer
from gongzhi.community.registries import REGISTRIES
from gongzhi.core.excel import read_rows
from gongzhi.core.jobs import Progress
from gongzhi.core.models import Job
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit

GOAL = 0.7


def _volunteers(owner, rows: int) -> None:
    """`rows` volunteers in 雒城街道's communities, written by the import job."""
    street = Unit.objects.get(name="雒城街道")
    communities = list(
        Unit.objects.filter(kind="community", path__startswith=street.path).values_list(
            "name", flat=True
        )
    )
    path = default_storage.save(
        "jobs/input/bench.xlsx", ContentFile(volunteer_file(communities, rows))
    )
    job = Job.objects.create(
        owner=owner,
        kind="registry_import",
        title="bench",
        params={"registry": "volunteers", "path": path},
    )
    registry_import(job, Progress(job))


def raw_write(rows: list[list]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("志愿者")
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def test_a_volunteer_export_runs_near_the_speed_of_a_raw_write(demo, demo_users):
    office = demo_users["office"]
    _volunteers(office, ROWS)
    assert Volunteer.objects.count() == ROWS
    registry = REGISTRIES["volunteers"]
    queryset = Volunteer.objects.visible_to(office, Perm.VIEW_REGISTRIES)
    rows_seconds, cells = _timed(lambda: [registry.headers, *registry.export_rows(queryset)])

    raw_seconds = min(_timed(lambda: raw_write(cells))[0] for _run in range(2))
    job = Job.objects.create(
        owner=office, kind="registry_export", title="bench", params={"registry": "volunteers"}
    )
    profiler = cProfile.Profile() if os.environ.get("GZ_BENCH_PROFILE") else None
    if profiler:
        profiler.enable()
    export_seconds, result = _timed(lambda: registry_export(job, Progress(job)))
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    raw_seconds = min(raw_seconds, _timed(lambda: raw_write(cells))[0])  # the machine is shared

    assert sum(1 for _row in read_rows(io.BytesIO(result.content))) == ROWS + 1
    ratio = raw_seconds / export_seconds  # speed(export) / speed(raw write)
    print(
        f"\n{ROWS} rows × {len(registry.headers)} columns, "
        f"file {len(result.content) / 2**20:.1f} MB\n"
        f"raw openpyxl write-only write: {raw_seconds:.2f} s ({ROWS / raw_seconds:,.0f} rows/s)\n"
        f"export job (read, mask, write): {export_seconds:.2f} s "
        f"({ROWS / export_seconds:,.0f} rows/s)\n"
        f"speed(export)/speed(raw write) = {ratio:.2f} (goal >= {GOAL})\n"
        f"  of which the rows alone (read, decrypt, mask): {rows_seconds:.2f} s"
    )
    assert ratio >= GOAL
