"""The archive zip: each section's files in its folder, and an index workbook listing every file
once (and every record without a file) with its source record, plus a sheet of records per
section."""

import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.archives.sections import SECTIONS, Entry, Scope
from gongzhi.core.excel import append_row, workbook_bytes

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class Archive:
    content: bytes
    files: int
    records: int


def _safe(name: str) -> str:
    name = UNSAFE.sub("_", name).strip(". ") or "file"
    return name[-80:]


def _index_headers() -> list[str]:
    return [
        _("分卷"),
        _("压缩包内文件"),
        _("来源类型"),
        _("来源记录"),
        _("单位"),
        _("日期"),
        _("链接"),
    ]


def _record_headers() -> list[str]:
    return [_("来源类型"), _("来源记录"), _("单位"), _("日期"), _("文件数"), _("链接")]


def _link(entry: Entry) -> str:
    return _full_url(entry.link)


def _full_url(path: str) -> str:
    return f"{settings.GZ_SITE_URL.rstrip('/')}{path}" if path else ""


def build_archive(scope: Scope, progress: Callable[[int, int], None]) -> Archive:
    """Write the zip for `scope`; `progress(done, total)` is told after each section."""
    workbook = Workbook(write_only=True)
    index = workbook.create_sheet(_("索引"))
    append_row(index, _index_headers())
    seen, serial, records = set(), 0, 0
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            for done, section in enumerate(SECTIONS):
                progress(done, len(SECTIONS))
                sheet = workbook.create_sheet(_safe(section.folder)[:31])
                append_row(sheet, _record_headers())
                by_record: dict[tuple, list] = {}
                for entry in section.build(scope):
                    day = entry.date.isoformat() if entry.date else ""
                    record = (entry.kind, entry.title, entry.unit, day, entry.link)
                    files = by_record.setdefault(record, [])
                    if entry.file is None and entry.content is None:
                        append_row(index, [section.folder, "", *record[:4], _link(entry)])
                        continue
                    if entry.key and entry.key in seen:
                        continue
                    seen.add(entry.key)
                    serial += 1
                    path = f"{section.folder}/{serial:04d}-{_safe(entry.file_name)}"
                    archive.writestr(path, _read(entry))
                    files.append(path)
                    append_row(index, [section.folder, path, *record[:4], _link(entry)])
                for record, files in by_record.items():
                    append_row(sheet, [*record[:4], len(files), _full_url(record[4])])
                records += len(by_record)
            archive.writestr(_("档案索引.xlsx"), workbook_bytes(workbook))
        progress(len(SECTIONS), len(SECTIONS))
        spool.seek(0)
        return Archive(content=spool.read(), files=serial, records=records)


def _read(entry: Entry) -> bytes:
    if entry.content is not None:
        return entry.content
    with entry.file.open("rb") as handle:
        return handle.read()
