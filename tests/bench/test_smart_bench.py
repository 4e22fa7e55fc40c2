"""Smart community benchmarks (`make bench`, not part of `make test`).

1. Alarms stored per second by `ingest_mqtt` against what a count-only subscriber of the same
   private broker receives per second, in the same run (goal ≥ 0.7×).
2. The map's data for 28,000 elevators against a plain json.dumps of the same rows (goal ≤ 2×
   the time, ≤ 1.5 MB gzip-compressed).
"""

import gzip
import json
import os
import threading
import time
from decimal import Decimal

import paho.mqtt.client as mqtt
import pytest

from gongzhi.orgs.models import Unit
from gongzhi.smart.map import map_data
from gongzhi.smart.models import ElevatorDevice
from tests.smart.mqtt_harness import TOPIC, Broker, Ingester, Publisher, need_mosquitto

ALARMS = int(os.environ.get("GZ_BENCH_ALARMS", "3000"))
POINTS = int(os.environ.get("GZ_BENCH_POINTS", "28000"))


def _count_only(broker, expected: int) -> float:
    """Seconds a bare QoS 1 subscriber needs to receive `expected` messages."""
    received, done = [0], threading.Event()
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-counter")

    def on_message(client, userdata, message):
        received[0] += 1
        if received[0] >= expected:
            done.set()

    client.on_message = on_message
    client.connect("127.0.0.1", broker.port)
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
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    publisher.stop()
    return elapsed


def test_alarms_stored_per_second_against_a_count_only_subscriber(tmp_path, transactional_db):
    from django.db import connection

    broker = Broker(need_mosquitto(), tmp_path)
    ingester = Ingester(tmp_path, broker)
    ingester.prepare(connection)
    broker.start()
    try:
        counted = _count_only(broker, ALARMS)
        ingester.start()
        stored = _stored(broker, ingester, ALARMS)
    finally:
        ingester.stop()
        broker.stop()
    ratio = counted / stored
    print(
        f"\n{ALARMS} alarms: count-only {ALARMS / counted:.0f}/s, stored {ALARMS / stored:.0f}/s"
        f" ({ratio:.2f}× the bare subscriber)"
    )
    assert stored > 0


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


def test_map_data_for_many_points_against_plain_json(many_elevators, tree, street_user):
    unit = Unit.objects.get(pk=tree.street_a.pk)
    units = Unit.objects.visible_to(street_user)
    start = time.perf_counter()
    body = json.dumps(map_data(street_user, unit, units), ensure_ascii=False).encode()
    ours = time.perf_counter() - start
    start = time.perf_counter()
    rows = list(ElevatorDevice.objects.values("pk", "building", "name", "latitude", "longitude"))
    plain = json.dumps(rows, default=str, ensure_ascii=False).encode()
    bare = time.perf_counter() - start
    compressed = len(gzip.compress(body))
    print(
        f"\nmap data for {POINTS} points: {ours:.2f}s vs plain json.dumps {bare:.2f}s"
        f" ({ours / bare:.2f}×), {len(body) / 1e6:.1f} MB, {compressed / 1e6:.2f} MB gzip"
        f" (plain {len(plain) / 1e6:.1f} MB)"
    )
    assert len(json.loads(body)["devices"]) == POINTS
