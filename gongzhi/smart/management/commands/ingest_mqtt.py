"""Subscribe to the elevator alarms on the MQTT broker and store them.

MQTT 5, QoS 1, in a persistent session (a fixed client id, clean start off and a long session
expiry): the broker keeps what arrives while the ingester is down and redelivers what it never
acknowledged. The ingester's Receive Maximum lets the broker send that many messages before
the first acknowledgement, whatever the broker's own max_inflight_messages (which only binds
MQTT 3 clients), so batches stay large. Messages are stored in batches, one transaction each,
and acknowledged only after that commit, so a crash between the two means a redelivery, which
(device, sequence) being unique stores once.
"""

import contextlib
import gc
import signal
import time

import paho.mqtt.client as mqtt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from gongzhi.smart.ingest import TOPIC_PREFIX, Outcome, ingest_batch

TOPIC = f"{TOPIC_PREFIX}+/alarm"
BATCH = 1000  # messages stored in one transaction at most
RECEIVE_MAXIMUM = 2000  # unacknowledged messages the broker may send: a batch stored, one arriving
SESSION_EXPIRY = 7 * 24 * 3600  # seconds the broker keeps the session (and its queue) offline
IDLE_WAIT = 0.05  # seconds the network loop waits when nothing is pending


class Command(BaseCommand):
    help = "Store elevator alarms from the MQTT broker (run it as a service, restarted on exit)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.GZ_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.GZ_MQTT_PORT)
        parser.add_argument("--client-id", default=settings.GZ_MQTT_CLIENT_ID)
        parser.add_argument("--receive-maximum", type=int, default=RECEIVE_MAXIMUM)
        parser.add_argument("--session-expiry", type=int, default=SESSION_EXPIRY)

    def handle(self, *args, host, port, client_id, receive_maximum, session_expiry, **options):
        self.counts = dict.fromkeys(Outcome, 0)
        self.pending: list[mqtt.MQTTMessage] = []
        self.stopping = False
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv5,
            manual_ack=True,
        )
        if settings.GZ_MQTT_USERNAME:
            client.username_pw_set(settings.GZ_MQTT_USERNAME, settings.GZ_MQTT_PASSWORD)
        client.on_connect = self.on_connect
        client.on_subscribe = self.on_subscribe
        client.on_message = lambda client, userdata, message: self.pending.append(message)
        signal.signal(signal.SIGTERM, self.stop)
        # Everything loaded so far (Django, the apps, the libraries) lives as long as the process:
        # out of the collector's way, else each collection that a batch of messages in hand sets
        # off walks it again (building paho's message objects took 3× as long).
        gc.freeze()
        session = Properties(PacketTypes.CONNECT)
        session.SessionExpiryInterval = session_expiry
        session.ReceiveMaximum = receive_maximum
        try:
            client.connect(host, port, keepalive=30, clean_start=False, properties=session)
        except OSError as error:
            raise CommandError(f"cannot reach the MQTT broker at {host}:{port}: {error}") from error
        self.stdout.write(f"ingest_mqtt: connecting to {host}:{port} as {client_id}")
        with contextlib.suppress(KeyboardInterrupt):
            self.run(client)
        client.disconnect()
        self.stdout.write(f"ingest_mqtt: stopped; {self._summary()}")

    def stop(self, *args):
        self.stopping = True

    def run(self, client) -> None:
        """Read what the network has, store it in batches, acknowledge."""
        while not self.stopping:
            rc = client.loop(timeout=0 if self.pending else IDLE_WAIT)
            if rc == mqtt.MQTT_ERR_SUCCESS:
                rc = self.drain(client)
            self.flush(client)  # nothing more waiting, or a full batch
            if rc != mqtt.MQTT_ERR_SUCCESS:
                self.reconnect(client)

    def drain(self, client) -> mqtt.MQTTErrorCode:
        """Read the packets already waiting on the socket (without a select() each), up to a
        batch."""
        rc = mqtt.MQTT_ERR_SUCCESS
        while rc == mqtt.MQTT_ERR_SUCCESS and len(self.pending) < BATCH:
            before = len(self.pending)
            rc = client.loop_read()
            if len(self.pending) == before:
                break
        return rc

    def flush(self, client) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        close_old_connections()  # a long-lived process: drop a connection the database closed
        counts = ingest_batch([(m.payload, m.topic) for m in batch], channel="mqtt")
        # Committed (stored or refused and recorded): only now may the broker forget them. An
        # exception before this line leaves them unacknowledged, and the broker redelivers them.
        for message in batch:
            client.ack(message.mid, message.qos)
        for outcome, count in counts.items():
            self.counts[outcome] += count

    def reconnect(self, client) -> None:
        time.sleep(1)
        with contextlib.suppress(OSError):  # still away: the next pass tries again
            client.reconnect()

    def on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            self.stderr.write(f"ingest_mqtt: connection refused: {reason_code}")
            return
        # a resumed session's queued messages may arrive before the subscription's answer
        self.stdout.write(f"ingest_mqtt: connected (session present: {flags.session_present})")
        self.stdout.flush()
        client.subscribe(TOPIC, qos=1)

    def on_subscribe(self, client, userdata, mid, reason_codes, properties):
        self.stdout.write(f"ingest_mqtt: subscribed to {TOPIC} ({reason_codes[0]})")
        self.stdout.flush()

    def _summary(self) -> str:
        return ", ".join(f"{outcome}: {count}" for outcome, count in self.counts.items())
