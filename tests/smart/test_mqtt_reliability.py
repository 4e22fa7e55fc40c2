"""Zero loss, zero duplicates: N sequenced alarms published at QoS 1 while the ingester is killed
with SIGKILL and restarted mid-stream, twice, and the broker is restarted once.

N is GZ_MQTT_RELIABILITY_N (default 10,000); the whole run is bounded by
GZ_MQTT_RELIABILITY_SECONDS (default 110; about 30 s here). Runs against this machine's
Mosquitto binary, as a private broker (its own port and persistence), so restarting it leaves
the system broker alone.
"""

import os
import time

import pytest

from tests.smart.mqtt_harness import (
    TOPIC,
    Broker,
    Ingester,
    Publisher,
    alarm,
    need_mosquitto,
)

N = int(os.environ.get("GZ_MQTT_RELIABILITY_N", "10000"))
BOUND = float(os.environ.get("GZ_MQTT_RELIABILITY_SECONDS", "110"))


@pytest.fixture
def rig(tmp_path, transactional_db):
    from django.db import connection

    broker = Broker(need_mosquitto(), tmp_path)
    ingester = Ingester(tmp_path, broker)
    ingester.prepare(connection)
    broker.start()
    ingester.start()
    publisher = Publisher(broker)
    yield broker, ingester, publisher
    publisher.stop()
    ingester.stop()
    broker.stop()


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
