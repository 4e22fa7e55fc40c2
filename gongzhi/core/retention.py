"""Deleting files kept only for a while: background jobs' result files (exports, reports) and
uploaded import files, after GZ_FILE_RETENTION_DAYS. The Job rows stay; a job whose file is
gone says so on its page."""

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from gongzhi.core.models import Job

IMPORT_FOLDER = "jobs/input"
EXPIRED_KEY = "file_expired"


@dataclass
class Purged:
    results: int = 0
    uploads: int = 0


def purge_expired_files(*, days: int, now=None, dry_run: bool = False) -> Purged:
    """Delete job result files and uploaded import files older than `days` days."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    purged = Purged()
    old = (
        Job.objects.exclude(result="")
        .filter(Q(finished_at__lt=cutoff) | Q(finished_at=None, created_at__lt=cutoff))
        .only("pk", "result", "params")
    )
    for job in old.iterator():
        purged.results += 1
        if dry_run:
            continue
        default_storage.delete(job.result.name)  # a file already gone is no error
        params = {**job.params, EXPIRED_KEY: True}
        Job.objects.filter(pk=job.pk).update(result="", params=params)
    in_use = {
        path
        for path in Job.objects.exclude(state__in=[Job.State.DONE, Job.State.FAILED])
        .values_list("params__path", flat=True)
        .iterator()
        if path
    }
    for path in _files_under(IMPORT_FOLDER):
        if path in in_use or default_storage.get_modified_time(path) >= cutoff:
            continue
        purged.uploads += 1
        if not dry_run:
            default_storage.delete(path)
    return purged


def _files_under(folder: str):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files_under(f"{folder}/{sub}")
