"""Backup and restore: one dated tar.gz holding the database (pg_dump's custom format on
PostgreSQL, the SQLite online backup API otherwise) and the MEDIA_ROOT files, with a
manifest.json of SHA-256 hashes and record counts per model. A restore goes into an empty
database only, checks every hash first and the record counts after."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class Restored:
    tables: int
    records: int
    files: int


def engine_of(db: dict) -> str:
    last = db["ENGINE"].rsplit(".", 1)[-1]
    engine = {"sqlite3": "sqlite"}.get(last, last)
    if engine not in DUMP:
        raise BackupError(f"unsupported database engine: {db['ENGINE']}")
    return engine


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_tables() -> dict[str, str]:
    """model label → table, for every table the models keep (many-to-many tables too)."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def count_records(connection, vendor: str) -> dict[str, int]:
    """Rows per model, read with plain SQL from a DB-API connection."""
    counts = {}
    cursor = connection.cursor()
    for label, table in sorted(model_tables().items()):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # names from the models
        counts[label] = cursor.fetchone()[0]
    cursor.close()
    return counts


# --- backup -------------------------------------------------------------------------------


def backup(*, output_dir: Path, media_root: Path, alias: str = "default", now=None) -> Path:
    """Write one archive into `output_dir` and return its path."""
    connection = connections[alias]
    db = connection.settings_dict
    engine = engine_of(db)
    stamp = (now or timezone.now()).astimezone().strftime("%Y%m%d-%H%M%S")
    output_dir.mkdir(parents=True, exist_ok=True)
    archive = output_dir / f"gongzhi-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="gz-backup-") as work:
        dump = Path(work) / DUMP[engine]
        connection.ensure_connection()
        if engine == "postgresql":
            _pg_dump(db, dump)
        else:
            if connection.in_atomic_block:
                raise BackupError("SQLite cannot be backed up from inside a transaction")
            target = sqlite3.connect(dump)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        counts = count_records(connection.connection, engine)
        media = _media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": (now or timezone.now()).isoformat(),
            "engine": engine,
            "database": {"name": dump.name, "sha256": sha256(dump)},
            "counts": counts,
            "media": {name: sha256(path) for name, path in media.items()},
        }
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
            tar.add(dump, arcname=dump.name)
            for name, path in sorted(media.items()):
                tar.add(path, arcname=f"{MEDIA}/{name}")
        partial.replace(archive)  # never a half-written archive under the final name
    return archive


def _media_files(media_root: Path) -> dict[str, Path]:
    if not media_root.is_dir():
        return {}
    return {
        path.relative_to(media_root).as_posix(): path
        for path in sorted(media_root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _add_bytes(tar, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _pg_env(db: dict) -> dict:
    env = {**os.environ}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found; install the PostgreSQL client (postgresql-client)"
        )
    return path


def _pg_dump(db: dict, dump: Path) -> None:
    command = [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={dump}", db["NAME"]], db)


def _run(command: list[str], db: dict) -> None:
    result = subprocess.run(command, env=_pg_env(db), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[:2000]}")


# --- restore ------------------------------------------------------------------------------


def restore(*, archive: Path, db: dict, media_root: Path) -> Restored:
    """Restore `archive` into the empty database `db` (a DATABASES entry) and the empty
    `media_root`. Every hash is checked before anything is written."""
    engine = engine_of(db)
    with tempfile.TemporaryDirectory(prefix="gz-restore-") as work:
        work = Path(work)
        manifest = _unpack_and_verify(archive, work)
        if manifest["engine"] != engine:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database; "
                f"the target database is {engine}"
            )
        tables = _existing_tables(db, engine)
        if tables:
            raise BackupError(
                f"the target database {db['NAME']} is not empty ({len(tables)} tables, e.g. "
                f"{sorted(tables)[0]}); restore only into a new, empty database"
            )
        if media_root.is_dir() and any(media_root.iterdir()):
            raise BackupError(f"MEDIA_ROOT {media_root} is not empty; restore into an empty one")
        dump = work / manifest["database"]["name"]
        if engine == "postgresql":
            command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
            _run([*command, f"--dbname={db['NAME']}", str(dump)], db)
        else:
            source, target = sqlite3.connect(dump), _sqlite_connect(db["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        with _connect(db, engine) as connection:
            counts = count_records(connection, engine)
        if counts != manifest["counts"]:
            differ = sorted(k for k in manifest["counts"] if counts.get(k) != manifest["counts"][k])
            raise BackupError(f"record counts differ after the restore: {', '.join(differ)}")
        for name in manifest["media"]:
            destination = media_root / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / MEDIA / name, destination)
        return Restored(
            tables=len(counts), records=sum(counts.values()), files=len(manifest["media"])
        )


def _unpack_and_verify(archive: Path, work: Path) -> dict:
    if not archive.is_file():
        raise BackupError(f"no archive at {archive}")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # refuses absolute paths, links out, devices
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"the archive cannot be read: {error}") from error
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"the archive has no readable {MANIFEST}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    expected = {manifest["database"]["name"]: manifest["database"]["sha256"]}
    expected |= {f"{MEDIA}/{name}": digest for name, digest in manifest["media"].items()}
    present = {
        path.relative_to(work).as_posix()
        for path in work.rglob("*")
        if path.is_file() and path.name != MANIFEST
    }
    if present != set(expected):
        extra, missing = sorted(present - set(expected)), sorted(set(expected) - present)
        raise BackupError(
            f"the archive does not match its manifest: extra {extra}, missing {missing}"
        )
    wrong = sorted(name for name, digest in expected.items() if sha256(work / name) != digest)
    if wrong:
        raise BackupError(f"SHA-256 mismatch, the archive is damaged: {', '.join(wrong[:10])}")
    return manifest


def _connect(db: dict, engine: str):
    if engine == "postgresql":
        import psycopg

        params = {"dbname": db["NAME"], "autocommit": True}
        for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
            if db.get(key):
                params[name] = db[key]
        if db.get("PASSWORD"):
            params["password"] = db["PASSWORD"]
        return psycopg.connect(**params)
    return _Closing(_sqlite_connect(db["NAME"]))


def _sqlite_connect(name):
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


class _Closing:
    """sqlite3's context manager commits but does not close; this one closes."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, *exc):
        self.connection.close()


def _existing_tables(db: dict, engine: str) -> list[str]:
    if engine == "sqlite":
        if not str(db["NAME"]).startswith("file:") and not Path(db["NAME"]).exists():
            return []
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = (
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        )
    with _connect(db, engine) as connection:
        cursor = connection.cursor()
        cursor.execute(query)
        return [row[0] for row in cursor.fetchall()]
