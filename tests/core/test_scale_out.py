"""Scale-out in configuration: the RQ task backend on Redis answers through a real worker, files
can live in S3-compatible object storage, and exports read from a read replica."""

import os
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from gongzhi.core import jobs
from gongzhi.core.routers import REPLICA, ReplicaRouter, on_replica, reading_from_replica
from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env, **options):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **options,
    )  # fmt: skip


def _settings_env(tmp_path, **values) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GZ_TASKS")}
    env |= {"DJANGO_SETTINGS_MODULE": "gongzhi.settings", "DEBUG": "1"}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3", **values}


def _redis_up() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", 6379)) == 0


def test_check_worker_answers_with_the_configured_backend():
    out = StringIO()
    call_command("check_worker", stdout=out)  # the test settings run tasks at once
    assert "worker answered (ImmediateBackend)" in out.getvalue()


def test_a_task_goes_through_redis_to_an_rq_worker_and_back(tmp_path):
    if not _redis_up():
        if REQUIRE_SERVICES:
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = _settings_env(
        tmp_path,
        GZ_TASKS_BACKEND="django_tasks_rq.RQBackend",
        GZ_REDIS_URL=f"redis://127.0.0.1:6379/{14 + os.getpid() % 2}",
    )
    ping = _manage("check_worker", "--timeout", "60", env=env)
    time.sleep(3)  # queued before the worker starts: a burst worker stops on an empty queue
    worker = _manage(
        "rqworker", "default", "--burst", "--job-class", "django_tasks_rq.backend.Job", env=env
    )
    worker.communicate(timeout=90)
    answer, _ = ping.communicate(timeout=90)
    assert ping.returncode == 0 and "worker answered (RQBackend)" in answer, answer


def test_a_bucket_puts_the_files_in_s3_compatible_storage(tmp_path):
    probe = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl)"
    )
    env = _settings_env(
        tmp_path, GZ_S3_BUCKET="gongzhi-files", GZ_S3_ENDPOINT_URL="http://minio.intranet:9000"
    )
    done = _manage("shell", "-c", probe, env=env)
    out, _ = done.communicate(timeout=60)
    assert "S3Storage gongzhi-files http://minio.intranet:9000 private" in out, out


def test_reads_go_to_the_replica_only_inside_on_replica_and_only_if_there_is_one(monkeypatch):
    router = ReplicaRouter()
    monkeypatch.setitem(settings.DATABASES, REPLICA, {})
    assert router.db_for_read(None) is None
    with on_replica():
        assert router.db_for_read(None) == REPLICA
        assert router.db_for_write(None) is None  # writes always go to the primary
    assert router.allow_migrate(REPLICA, "core") is False
    monkeypatch.delitem(settings.DATABASES, REPLICA)
    with on_replica():
        assert router.db_for_read(None) is None


def test_an_export_job_reads_on_the_replica_and_other_jobs_do_not(monkeypatch, office):
    from gongzhi.core.models import Job

    monkeypatch.setitem(settings.DATABASES, REPLICA, {})
    seen = {}

    def kind(name):
        def run(job, progress):
            seen[name] = reading_from_replica()
            return jobs.JobResult(message="ok")

        return run

    monkeypatch.setitem(jobs.KINDS, "an_export", kind("an_export"))
    monkeypatch.setitem(jobs.SIZES, "an_export", lambda owner, params: 0)
    monkeypatch.setitem(jobs.KINDS, "an_import", kind("an_import"))
    for name in ("an_export", "an_import"):
        jobs._run(Job.objects.create(owner=office, kind=name, title=name, params={}))
    assert seen == {"an_export": True, "an_import": False}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_pages_are_planned_without_parallel_workers():
    """A page's small indexed queries were given parallel plans that scan the unit table (a
    street's overdue-needs count at province: 101 ms with workers, 16 ms without)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_pages_are_planned_without_jit():
    """JIT compiled the navbar's to-do count, one query of a COUNT per source, for 2.5 s to run
    it in 60 ms at province (its estimated cost passed the JIT thresholds)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
