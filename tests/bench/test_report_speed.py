"""How the PDF report's layout time grows with its length.

Run with `make bench` (not part of `make test`). Goal: a 10-page PDF takes at most 10 × the
time of a 1-page one, both laid out in this run by the report's own template, font and table
section (the task table, filled with as many rows as the pages need).
"""

import io
import time

import pypdf
import pytest

from gongzhi.documents.data import sample_data
from gongzhi.documents.pdf import _tasks, report_pdf

ROW = {
    "label": "西湖社区 第1项",
    "kind": "特色社区建设任务",
    "community": "西湖社区",
    "text": "设立“同心工作站”1个，为辖区内少数民族及少数民族流动人口提供高效便捷的服务。",
    "due": "2024-10-30",
    "status": "已完成",
    "done": True,
    "latest": "“同心工作站”已设立并运行，开展民族文化活动 2 场。",
}


def pdf_of(rows: int) -> bytes:
    data = {**sample_data("summary"), "tasks": [ROW] * rows}
    return report_pdf(data, builders=[_tasks], front_matter=False)


def pages(rows: int) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf_of(rows))).pages)


def rows_for(wanted: int) -> int:
    """The most rows that still fit on `wanted` pages (a binary search over row counts)."""
    low, high = 1, 40 * wanted
    while low < high:
        middle = (low + high + 1) // 2
        if pages(middle) <= wanted:
            low = middle
        else:
            high = middle - 1
    return low


def best_of(rows: int, runs: int = 3) -> float:
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        pdf_of(rows)
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.django_db
def test_ten_pages_take_at_most_ten_times_one_page():
    one, ten = rows_for(1), rows_for(10)
    assert (pages(one), pages(ten)) == (1, 10)
    pdf_of(one)  # warm the font and style caches before timing
    one_page, ten_pages = best_of(one), best_of(ten)
    print(
        f"\n1 page ({one} rows): {one_page:.3f} s; 10 pages ({ten} rows): {ten_pages:.3f} s; "
        f"ratio {ten_pages / one_page:.2f} (limit 10)"
    )
    assert ten_pages <= 10 * one_page
