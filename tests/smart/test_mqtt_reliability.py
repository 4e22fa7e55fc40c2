"""Zero loss, zero duplicates: N sequenced alarms published at QoS 1 while the ingester is killed
with SIGKILL and restarted mid-stream, twice, and the broker is restarted once.

N is GZ_MQTT_RELIABILITY_N (default 10,000); the whole run is bounded by
GZ_MQTT_RELIABILITY_SECONDS (default 110; about 30 s here). Runs against this machine's
Mosquitto binary, as a private broker (its own port and persistence), so restarting it leaves
the system broker alone; the ingester stores into SQLite, or into PostgreSQL when the tests run
on it (DATABASE_URL), in a database of its own.
"""

import os
import time

import paho.mqtt.client as mqtt
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from gongzhi.smart.management.commands.ingest_mqtt import RECEIVE_MAXIMUM
from tests.smart.mqtt_harness import (
    TOPIC,
    Broker,
    Publisher,
    alarm,
    broker_and_ingester,
    need_mosquitto,
)

N = int(os.environ.get("GZ_MQTT_RELIABILITY_N", "10000"))
BOUND = float(os.environ.get("GZ_MQTT_RELIABILITY_SECONDS", "110"))


@pytest.fixture
def rig(tmp_path, transactional_db):
    from django.db import connection

    with broker_and_ingester(tmp_path, connection) as (broker, ingester):
        ingester.start()
        publisher = Publisher(broker)
        yield broker, ingester, publisher
        publisher.stop()


def _wait_until_stored(ingester, count, deadline):
    while ingester.stored()[0] < count:
        assert time.monotonic() < deadline, f"stored {ingester.stored()[0]} of {count} in time"
        time.sleep(0.05)


def test_every_alarm_is_stored_exactly_once_across_crashes_and_a_broker_restart(rig):
    broker, ingester, publisher = rig
    deadline = time.monotonic() + BOUND
    events = {N // 5: "kill", 2 * N // 5: "broker", 3 * N // 5: "kill"}
    for sequence in range(N):
        publisher.publish(sequence)
        event = events.get(sequence)
        if event is None:
            continue
        _wait_until_stored(ingester, sequence // 2, deadline)  # mid-stream: work in progress
        if event == "kill":
            ingester.kill()  # no clean-up: committed-but-unacknowledged messages come again
            time.sleep(0.3)  # messages pile up in the broker while nobody reads
            ingester.start()
        else:
            broker.restart()
    waiting = len(publisher.unconfirmed())
    while waiting and time.monotonic() < deadline:
        time.sleep(1)
        still = len(publisher.unconfirmed())
        if still == waiting:  # no progress: lost with the broker before its PUBACK
            publisher.republish_unconfirmed()
        waiting = still
    _wait_until_stored(ingester, N, deadline)
    time.sleep(1)  # any late redelivery would show now
    stored, distinct = ingester.stored()
    assert (stored, distinct) == (N, N), f"{stored} rows, {distinct} sequences, {N} published"
    assert ingester.sequences() == list(range(N))


def test_a_malformed_message_is_kept_with_its_reason_while_valid_ones_flow(rig):
    broker, ingester, publisher = rig
    publisher.publish(0)
    publisher.client.publish(TOPIC, b"{not json", qos=1)
    publisher.client.publish(TOPIC, alarm(1).replace(b'"trapped"', b'"exploded"'), qos=1)
    publisher.publish(2)
    _wait_until_stored(ingester, 2, time.monotonic() + 30)
    deadline = time.monotonic() + 30
    while len(ingester.rejected()) < 2:
        assert time.monotonic() < deadline, "the refusals were not recorded"
        time.sleep(0.05)
    assert ingester.sequences() == [0, 2]
    reasons = " ".join(reason for reason, _topic in ingester.rejected())
    assert "JSON" in reasons and "fault" in reasons


def test_the_broker_lets_an_mqtt5_subscriber_set_its_window(tmp_path):
    """Mosquitto sends an MQTT 5 client up to its Receive Maximum unacknowledged messages,
    whatever max_inflight_messages says (20 by default, which binds an MQTT 3.1.1 client)."""
    broker = Broker(need_mosquitto(), tmp_path)
    broker.start()
    try:
        assert _unacknowledged_window(broker, mqtt.MQTTv311, RECEIVE_MAXIMUM + 100) == 20
        window = _unacknowledged_window(broker, mqtt.MQTTv5, RECEIVE_MAXIMUM + 100)
        assert window == RECEIVE_MAXIMUM
    finally:
        broker.stop()


def _unacknowledged_window(broker, protocol, published: int) -> int:
    """How many messages a subscriber that never acknowledges receives."""
    received = []
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, f"window-{protocol}", protocol=protocol, manual_ack=True
    )
    client.on_message = lambda client, userdata, message: received.append(message)
    window = Properties(PacketTypes.CONNECT)
    window.ReceiveMaximum = RECEIVE_MAXIMUM
    client.connect("127.0.0.1", broker.port, properties=window if protocol == mqtt.MQTTv5 else None)
    client.subscribe(TOPIC, qos=1)
    client.loop_start()
    time.sleep(0.5)
    publisher = Publisher(broker)
    for sequence in range(published):
        publisher.publish(sequence)
    deadline, settled = time.monotonic() + 20, -1
    while len(received) != settled and time.monotonic() < deadline:
        settled = len(received)
        time.sleep(1)  # the window is full when a second brings nothing more
    publisher.stop()
    client.loop_stop()
    client.disconnect()
    return len(received)
