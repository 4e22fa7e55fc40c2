"""purge_files: job result files and uploaded import files go after the retention period; the
jobs stay, and their pages say the file has expired."""

import os
import time
from datetime import timedelta
from io import StringIO

import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongzhi.core.models import Job


def _done_job(owner, name, finished_days_ago):
    job = Job.objects.create(
        owner=owner,
        kind="registry_export",
        title=name,
        state=Job.State.DONE,
        result_name=name,
        finished_at=timezone.now() - timedelta(days=finished_days_ago),
    )
    job.result.save(name, ContentFile(b"data"), save=True)
    return job


def _upload(name, days_ago):
    path = default_storage.save(f"jobs/input/{name}", ContentFile(b"xlsx"))
    stamp = time.time() - days_ago * 86400
    os.utime(default_storage.path(path), (stamp, stamp))
    return path


def test_old_files_go_and_the_jobs_stay(client, settings, street_user):
    settings.GZ_FILE_RETENTION_DAYS = 30
    old, recent = _done_job(street_user, "old.xlsx", 31), _done_job(street_user, "new.xlsx", 29)
    old_path, recent_path = old.result.name, recent.result.name
    stale, fresh = _upload("stale.xlsx", 40), _upload("fresh.xlsx", 1)
    queued = Job.objects.create(
        owner=street_user, kind="registry_import", title="x", params={"path": _upload("q.xlsx", 40)}
    )
    out = StringIO()
    call_command("purge_files", stdout=out)
    assert "deleted 1 job result file(s) and 1 uploaded import file(s)" in out.getvalue()
    assert not default_storage.exists(old_path) and default_storage.exists(recent_path)
    assert not default_storage.exists(stale) and default_storage.exists(fresh)
    assert default_storage.exists(queued.params["path"])  # its job has not run yet
    old.refresh_from_db()
    assert Job.objects.filter(pk=old.pk).exists() and not old.result
    client.force_login(street_user)
    page = client.get(reverse("core:job-detail", args=[old.pk])).content.decode()
    assert "文件已过期删除" in page and "job-download" not in page
    assert client.get(reverse("core:job-download", args=[old.pk])).status_code == 404
    assert "文件已过期删除" not in client.get(recent.get_absolute_url()).content.decode()


def test_a_dry_run_deletes_nothing_and_a_later_run_catches_up(street_user):
    job = _done_job(street_user, "old.xlsx", 10)
    out = StringIO()
    call_command("purge_files", "--days", "5", "--dry-run", stdout=out)
    assert "would delete 1 job result file(s)" in out.getvalue()
    assert default_storage.exists(job.result.name)
    with time_machine.travel(timedelta(days=30)):
        call_command("purge_files", stdout=StringIO())
    job.refresh_from_db()
    assert not job.result and job.params["file_expired"] is True
