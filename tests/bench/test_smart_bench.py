"""Smart community benchmarks (`make bench`, not part of `make test`).

1. Alarms stored per second by `ingest_mqtt` against what a count-only subscriber of the same
   private broker receives per second, in the same run (goal ≥ 0.7×).
2. The map's data for 28,000 elevators against a plain json.dumps of the same rows (goal ≤ 2×
   the time, ≤ 1.5 MB gzip-compressed).
   The same once more for a backlog queued while the subscriber was away (printed only).
3. Publish → screen: alarms published one by one while a client polls the live alarm list at
   the page's interval; the time until each shows (goal: p95 ≤ 2 s).
"""

import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from gongzhi.orgs.models import Unit
from gongzhi.smart.live import LIVE_SECONDS
from gongzhi.smart.management.commands.ingest_mqtt import RECEIVE_MAXIMUM
from gongzhi.smart.map import map_data
from gongzhi.smart.models import ElevatorDevice
from tests.smart.mqtt_harness import ROOT, TOPIC, Publisher, broker_and_ingester

ALARMS = int(os.environ.get("GZ_BENCH_ALARMS", "3000"))
ONE_BY_ONE = int(os.environ.get("GZ_BENCH_LIVE_ALARMS", "50"))
SPACING = 0.37  # seconds between two of them: not a multiple of the poll interval
POINTS = int(os.environ.get("GZ_BENCH_POINTS", "28000"))


def _count_only(broker, expected: int) -> float:
    """Seconds a bare subscriber needs to receive `expected` messages: on the same broker, at
    QoS 1, MQTT 5 with the ingester's Receive Maximum; it acknowledges each on arrival."""
    received, done = [0], threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, "bench-counter", protocol=mqtt.MQTTv5)

    def on_message(client, userdata, message):
        received[0] += 1
        if received[0] >= expected:
            done.set()

    client.on_message = on_message
    window = Properties(PacketTypes.CONNECT)
    window.ReceiveMaximum = RECEIVE_MAXIMUM
    client.connect("127.0.0.1", broker.port, properties=window)
    client.subscribe(TOPIC, qos=1)
    client.loop_start()
    time.sleep(0.5)
    publisher = Publisher(broker)
    start = time.perf_counter()
    for sequence in range(expected):
        publisher.publish(sequence)
    assert done.wait(300)
    elapsed = time.perf_counter() - start
    publisher.stop()
    client.loop_stop()
    client.disconnect()
    return elapsed


def _stored(broker, ingester, expected: int) -> float:
    publisher = Publisher(broker)
    start = time.perf_counter()
    for sequence in range(expected):
        publisher.publish(sequence)
    while ingester.stored()[0] < expected:
        assert time.perf_counter() - start < 600
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    publisher.stop()
    return elapsed


def test_alarms_stored_per_second_against_a_count_only_subscriber(tmp_path, transactional_db):
    from django.db import connection

    with broker_and_ingester(tmp_path, connection) as (broker, ingester):
        counted = _count_only(broker, ALARMS)
        ingester.start()
        stored = _stored(broker, ingester, ALARMS)
        assert ingester.stored() == (ALARMS, ALARMS)
    ratio = counted / stored
    print(
        f"\n{ALARMS} alarms ({ingester.vendor}): count-only {ALARMS / counted:.0f}/s,"
        f" stored {ALARMS / stored:.0f}/s ({ratio:.2f}× the bare subscriber)"
    )
    assert ratio >= 0.7


def _counter(received: list, done: threading.Event, expected: int) -> mqtt.Client:
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, "bench-drain", protocol=mqtt.MQTTv5)

    def on_message(client, userdata, message):
        received.append(message.mid)
        if len(received) >= expected:
            done.set()

    client.on_message = on_message
    return client


def _drain_count_only(broker, publish, expected: int) -> float:
    """Seconds a bare subscriber (MQTT 5, the ingester's Receive Maximum) needs to take the
    `expected` messages queued for its persistent session while it was away."""
    session = Properties(PacketTypes.CONNECT)
    session.SessionExpiryInterval, session.ReceiveMaximum = 3600, RECEIVE_MAXIMUM
    received, done = [], threading.Event()
    client = _counter(received, done, expected)
    client.connect("127.0.0.1", broker.port, clean_start=True, properties=session)
    client.loop_start()
    client.subscribe(TOPIC, qos=1)
    time.sleep(0.5)
    client.disconnect()
    client.loop_stop()
    publish()
    client = _counter(received, done, expected)
    start = time.perf_counter()
    client.connect("127.0.0.1", broker.port, clean_start=False, properties=session)
    client.loop_start()
    assert done.wait(300)
    elapsed = time.perf_counter() - start
    client.loop_stop()
    client.disconnect()
    return elapsed


def _publish_all(broker, expected: int) -> None:
    publisher = Publisher(broker)
    for sequence in range(expected):
        publisher.publish(sequence)
    while publisher.unconfirmed():
        time.sleep(0.05)
    publisher.stop()


def test_a_backlog_drains_against_a_count_only_subscriber(tmp_path, transactional_db):
    """The same comparison without the publisher in the way: messages queued while the
    subscriber was away, taken at its own pace (printed, not asserted)."""
    from django.db import connection

    with broker_and_ingester(tmp_path, connection) as (broker, ingester):
        counted = _drain_count_only(broker, lambda: _publish_all(broker, ALARMS), ALARMS)
        ingester.start()  # its session and subscription, then away
        ingester.stop()
        _publish_all(broker, ALARMS)
        ingester.start()
        while ingester.stored()[0] < ALARMS:
            assert time.perf_counter() - ingester.connected_at < 600
            time.sleep(0.01)
        stored = time.perf_counter() - ingester.connected_at
    print(
        f"\nbacklog of {ALARMS} ({ingester.vendor}): count-only {ALARMS / counted:.0f}/s,"
        f" stored {ALARMS / stored:.0f}/s ({counted / stored:.2f}×)"
    )


@pytest.fixture
def many_elevators(tree):
    community = tree.community_a1
    ElevatorDevice.objects.bulk_create(
        ElevatorDevice(
            community=community,
            building=f"{n // 10}栋",
            name=f"{n % 10}号梯",
            registration_code=f"B{n:012d}",
            key_hash=f"{n:064d}",
            secret="",
            latitude=Decimal("30.9") + Decimal(n % 1000) / 10000,
            longitude=Decimal("104.2") + Decimal(n // 1000) / 1000,
        )
        for n in range(POINTS)
    )
    return community


def _timed(work) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def test_map_data_for_many_points_against_plain_json(many_elevators, tree, street_user):
    unit = Unit.objects.get(pk=tree.street_a.pk)
    units = Unit.objects.visible_to(street_user)

    def ours():
        return json.dumps(map_data(street_user, unit, units), ensure_ascii=False).encode()

    def bare():
        fields = ("pk", "building", "name", "latitude", "longitude")
        rows = list(ElevatorDevice.objects.values(*fields))
        return json.dumps(rows, default=str, ensure_ascii=False).encode()

    # interleaved, best of three each: a loaded machine slows one run, not the comparison
    runs = [(_timed(ours), _timed(bare)) for _round in range(3)]
    (ours, body), (bare, plain) = min(run[0] for run in runs), min(run[1] for run in runs)
    compressed = len(gzip.compress(body))
    print(
        f"\nmap data for {POINTS} points: {ours:.2f}s vs plain json.dumps {bare:.2f}s"
        f" ({ours / bare:.2f}×), {len(body) / 1e6:.1f} MB, {compressed / 1e6:.2f} MB gzip"
        f" (plain {len(plain) / 1e6:.1f} MB)"
    )
    assert len(json.loads(body)["devices"]) == POINTS
    assert ours <= 2 * bare and compressed <= 1.5e6


def _first_seen(lines: str) -> dict[int, float]:
    """When each alarm id first showed in the live list (the poller's output)."""
    seen = {}
    for line in lines.splitlines():
        moment, _space, ids = line.partition(" ")
        for alarm_id in filter(None, ids.split(",")):
            seen.setdefault(int(alarm_id), float(moment))
    return seen


def _poll(ingester, output: Path, seconds: float) -> subprocess.Popen:
    poller = subprocess.Popen(
        [sys.executable, "-m", "tests.smart.live_poller", str(output), str(LIVE_SECONDS),
         str(seconds)],
        cwd=ROOT,
        env=ingester.env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (output.exists() and output.read_text()):
        assert poller.poll() is None and time.monotonic() < deadline, "the poller did not start"
        time.sleep(0.05)
    return poller


def test_publish_to_screen_latency(tmp_path, transactional_db):
    from django.db import connection

    output = tmp_path / "polls.txt"
    with broker_and_ingester(tmp_path, connection) as (broker, ingester):
        ingester.start()
        poller = _poll(ingester, output, ONE_BY_ONE * SPACING + 4 * LIVE_SECONDS + 30)
        publisher, published = Publisher(broker), {}
        try:
            for sequence in range(ONE_BY_ONE):
                published[sequence] = time.time()
                publisher.publish(sequence)
                time.sleep(SPACING)
            time.sleep(2 * LIVE_SECONDS + 1)  # the last ones reach the screen
        finally:
            publisher.stop()
            poller.terminate()
            poller.wait()
        ids = ingester.ids()
    seen = _first_seen(output.read_text())
    latency = sorted(seen[ids[sequence]] - at for sequence, at in published.items())
    p50, p95 = statistics.median(latency), statistics.quantiles(latency, n=20)[18]
    print(
        f"\npublish → screen ({ingester.vendor}, {ONE_BY_ONE} alarms, polled every"
        f" {LIVE_SECONDS} s): p50 {p50:.2f} s, p95 {p95:.2f} s, max {latency[-1]:.2f} s"
    )
    assert p95 <= 2
