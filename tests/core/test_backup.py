"""Restore drills: back up the demo data and its files, restore into a fresh database, compare
record counts and file hashes; a restore refuses a database that is not empty and a damaged
archive."""

import json
import shutil
import sqlite3
import tarfile
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongzhi.core.backup import BackupError, count_records, restore, sha256
from tests.conftest import REQUIRE_SERVICES


def _media_hashes(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): sha256(path)
        for path in root.rglob("*")
        if path.is_file()
    }


def _backup(tmp_path) -> tuple[Path, dict]:
    default_storage.save("evidence/2024/05/photo.jpg", ContentFile(b"\xff\xd8jpeg" * 1000))
    default_storage.save("jobs/2024/05/台账.xlsx", ContentFile(b"PK xlsx"))
    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.name.startswith("gongzhi-backup-") and archive.name.endswith(".tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    return archive, manifest


def _live_counts():
    connection.ensure_connection()
    return count_records(connection.connection, connection.vendor)


def test_sqlite_restore_drill(transactional_db, demo, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the test database is not SQLite; the PostgreSQL drill covers this run")
    archive, manifest = _backup(tmp_path)
    counts = _live_counts()
    assert manifest["counts"] == counts
    assert counts["accounts.User"] >= 8 and counts["orgs.Unit"] > 10
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "restored.sqlite3"}
    restored_media = tmp_path / "restored-media"
    result = restore(archive=archive, db=target, media_root=restored_media)
    assert result.files == 2 and result.records == sum(counts.values())
    with sqlite3.connect(target["NAME"]) as restored:
        assert count_records(restored, "sqlite") == counts
    assert _media_hashes(restored_media) == _media_hashes(Path(settings.MEDIA_ROOT))
    assert _media_hashes(restored_media) == manifest["media"]
    # a second restore into the same (now full) database is refused before anything is written
    with pytest.raises(BackupError, match="not empty"):
        restore(archive=archive, db=target, media_root=tmp_path / "other-media")


def test_a_restore_refuses_a_damaged_archive(transactional_db, tree, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("checked on SQLite; hashes are checked before the database is touched")
    archive, _manifest = _backup(tmp_path)
    unpacked = tmp_path / "unpacked"
    with tarfile.open(archive) as tar:
        tar.extractall(unpacked, filter="data")
    (unpacked / "media/evidence/2024/05/photo.jpg").write_bytes(b"changed")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for path in sorted(unpacked.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(unpacked).as_posix())
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "fresh.sqlite3"}
    with pytest.raises(BackupError, match="SHA-256 mismatch.*photo.jpg"):
        restore(archive=damaged, db=target, media_root=tmp_path / "m")
    assert not target["NAME"].exists()


def test_the_restore_command_refuses_a_database_with_tables(transactional_db, tmp_path):
    archive, _manifest = _backup(tmp_path)
    with pytest.raises(CommandError, match="is not empty.*restore only into a new, empty database"):
        call_command("restore", str(archive))


def test_postgresql_restore_drill(transactional_db, demo, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the test database is SQLite: this drill runs when the suite runs on PostgreSQL "
            "(DATABASE_URL=postgres://…), as CI's second run does"
        )
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    if missing:
        reason = f"{' and '.join(missing)} not installed (postgresql-client)"
        if REQUIRE_SERVICES:
            pytest.fail(reason)
        pytest.skip(reason)
    archive, manifest = _backup(tmp_path)
    counts = _live_counts()
    assert manifest["engine"] == "postgresql" and manifest["counts"] == counts
    name = f"gz_restore_{uuid.uuid4().hex[:12]}"
    target = {**connection.settings_dict, "NAME": name}
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        restored_media = tmp_path / "restored-media"
        result = restore(archive=archive, db=target, media_root=restored_media)
        assert result.records == sum(counts.values()) and result.files == 2
        import psycopg

        params = {"dbname": name, "user": target["USER"], "host": target["HOST"]}
        params |= {"port": target["PORT"]} if target.get("PORT") else {}
        params |= {"password": target["PASSWORD"]} if target.get("PASSWORD") else {}
        with psycopg.connect(**params) as restored:
            assert count_records(restored, "postgresql") == counts
        assert _media_hashes(restored_media) == _media_hashes(Path(settings.MEDIA_ROOT))
        with pytest.raises(BackupError, match="not empty"):
            restore(archive=archive, db=target, media_root=tmp_path / "other-media")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
