"""Processes for the MQTT tests: a private Mosquitto (this machine's binary, its own port and
persistence directory, so it can be restarted without touching the system broker), the ingester
(`manage.py ingest_mqtt`) on its own database (SQLite, or PostgreSQL when the tests run on
it), and a publisher."""

import contextlib
import getpass
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

ROOT = Path(__file__).resolve().parents[2]
CODE = "31105106002024000099"
TOPIC = f"gongzhi/elevators/{CODE}/alarm"


def need_mosquitto() -> str:
    binary = shutil.which("mosquitto") or (
        "/usr/sbin/mosquitto" if os.path.exists("/usr/sbin/mosquitto") else None
    )
    if binary is None:
        reason = "Mosquitto is not installed (apt-get install mosquitto)"
        if os.environ.get("GZ_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


class Broker:
    """A Mosquitto that keeps queued messages across its own restarts (persistence, no limit
    on the queue of an offline persistent session); max_inflight_messages is left at its
    default (20), as on a system broker: the ingester's Receive Maximum sets its window."""

    def __init__(self, binary: str, folder: Path):
        self.binary, self.folder, self.port = binary, folder, _free_port()
        self.config = folder / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {folder}/\nmax_queued_messages 0\nautosave_interval 0\n"
            f"user {getpass.getuser()}\n"  # as root it would switch to a user who cannot write here
        )
        self.process = None

    def start(self) -> None:
        log = open(self.folder / "broker.log", "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.config)], stdout=log, stderr=log
        )
        _wait_for_port(self.port)

    def restart(self) -> None:
        """A clean stop (it saves its queues) and a start on the same port."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)
        self.start()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Ingester:
    """`manage.py ingest_mqtt` on a database of its own, with one registered elevator: a SQLite
    file, or, when the test run uses PostgreSQL, a PostgreSQL database beside the run's."""

    def __init__(self, folder: Path, broker: Broker, connection):
        self.connection, self.vendor = connection, connection.vendor
        self.log = folder / "ingest.log"
        self.broker = broker
        if self.vendor == "postgresql":
            self.database = f"{connection.settings_dict['NAME']}_ingest"
            url = _postgres_url(connection.settings_dict, self.database)
        else:
            self.database = folder / "ingest.sqlite3"
            url = f"sqlite:///{self.database}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongzhi.test_settings",
            "DATABASE_URL": url,
            "GZ_MQTT_CLIENT_ID": f"gongzhi-test-{os.getpid()}",
        }
        self.process = self.reader = None

    def manage(self, *args) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def prepare(self) -> None:
        """A migrated database, copied from the test run's (instant), and one elevator."""
        if self.vendor == "postgresql":
            self._copy_postgres()
        else:
            self.connection.ensure_connection()
            with sqlite3.connect(self.database) as target:
                self.connection.connection.backup(target)
        self.manage(
            "shell",
            "-c",
            "from gongzhi.orgs.models import Unit; from gongzhi.smart.models import ElevatorDevice;"
            "c = Unit.objects.add_unit(None, name='测试市', kind='county');"
            "s = Unit.objects.add_unit(c, name='测试街道', kind='street');"
            "m = Unit.objects.add_unit(s, name='测试社区', kind='community');"
            f"ElevatorDevice.objects.create(community=m, building='1栋', name='1号梯', "
            f"registration_code='{CODE}', key_hash='0' * 64, secret='s')",
        )

    def _copy_postgres(self) -> None:
        """CREATE DATABASE … TEMPLATE the test database, which must have no other session: this
        test's is closed, and sessions earlier tests of this worker left behind (a live
        server's threads) are ended."""
        self.connection.close()
        template = self.connection.settings_dict["NAME"]
        with self._maintenance() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [template],
            )
            admin.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"')

    def _maintenance(self):
        import psycopg

        url = _postgres_url(self.connection.settings_dict, "postgres")
        return psycopg.connect(url, autocommit=True)

    def drop(self) -> None:
        if self.reader is not None:
            self.reader.close()
        if self.vendor == "postgresql":
            with self._maintenance() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def start(self) -> None:
        marker = self.log.stat().st_size if self.log.exists() else 0
        log = open(self.log, "ab")  # noqa: SIM115 - the process keeps it
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "ingest_mqtt", "--port", str(self.broker.port)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
        )
        deadline, self.connected_at = time.monotonic() + 30, None
        while b"subscribed" not in (output := self.log.read_bytes()[marker:]):
            assert self.process.poll() is None, self.log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the ingester did not subscribe"
            if self.connected_at is None and b"connected" in output:
                self.connected_at = time.perf_counter()  # a resumed session's queue flows now
            time.sleep(0.01)
        self.connected_at = self.connected_at or time.perf_counter()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def _rows(self, sql: str) -> list[tuple]:
        """Read the ingester's database directly, as another client would."""
        if self.vendor == "postgresql":
            import psycopg

            if self.reader is None:  # one connection: a new one per poll costs a backend each
                self.reader = psycopg.connect(self.env["DATABASE_URL"], autocommit=True)
            return self.reader.execute(sql).fetchall()
        with sqlite3.connect(self.database, timeout=20) as connection:
            return connection.execute(sql).fetchall()

    def stored(self) -> tuple[int, int]:
        """Rows stored, and distinct sequences among them."""
        return self._rows("SELECT COUNT(*), COUNT(DISTINCT sequence) FROM smart_alarm")[0]

    def rejected(self) -> list[tuple[str, str]]:
        return self._rows("SELECT reason, topic FROM smart_rejectedmessage")

    def ids(self) -> dict[int, int]:
        """The stored alarms' ids by sequence."""
        return dict(self._rows("SELECT sequence, id FROM smart_alarm"))

    def sequences(self) -> list[int]:
        return [row[0] for row in self._rows("SELECT sequence FROM smart_alarm ORDER BY sequence")]


@contextlib.contextmanager
def broker_and_ingester(folder: Path, connection):
    """A private broker (started) and an ingester with its database (not started yet); both
    stopped, and the ingester's database dropped, afterwards."""
    broker = Broker(need_mosquitto(), folder)
    ingester = Ingester(folder, broker, connection)
    ingester.prepare()
    broker.start()
    try:
        yield broker, ingester
    finally:
        ingester.stop()
        broker.stop()
        ingester.drop()


def _postgres_url(settings: dict, name: str) -> str:
    user, password = settings["USER"] or "postgres", settings["PASSWORD"]
    credentials = f"{user}:{password}" if password else user
    place = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{credentials}@{place}/{name}"


def alarm(sequence: int) -> bytes:
    return json.dumps(
        {
            "registration_code": CODE,
            "sequence": sequence,
            "time": "2024-12-18T09:30:00+08:00",
            "running_state": "stopped",
            "fault": "trapped",
            "values": {"floor": sequence % 30},
        }
    ).encode()


class Publisher:
    """Publishes at QoS 1 and republishes whatever the broker never acknowledged (a broker
    restart loses the unacknowledged ones): the ingester must store each once regardless."""

    def __init__(self, broker: Broker):
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2, client_id="", clean_session=True
        )
        self.client.max_queued_messages_set(0)
        self.client.max_inflight_messages_set(100)
        self.client.reconnect_delay_set(min_delay=0.1, max_delay=1)
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        self.pending: dict[int, mqtt.MQTTMessageInfo] = {}

    def publish(self, sequence: int) -> None:
        deadline = time.monotonic() + 30
        while not self.client.is_connected():  # the broker is restarting: wait for it
            assert time.monotonic() < deadline, "the publisher did not reconnect"
            time.sleep(0.02)
        self.pending[sequence] = self.client.publish(TOPIC, alarm(sequence), qos=1)

    def unconfirmed(self) -> list[int]:
        return [seq for seq, info in self.pending.items() if not info.is_published()]

    def republish_unconfirmed(self) -> int:
        again = self.unconfirmed()
        for sequence in again:
            self.publish(sequence)
        return len(again)

    def stop(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()
