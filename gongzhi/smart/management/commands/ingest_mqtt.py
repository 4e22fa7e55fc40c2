"""Subscribe to the elevator alarms on the MQTT broker and store them.

QoS 1 in a persistent session (clean_session off, a fixed client id): the broker keeps what
arrives while the ingester is down and redelivers what it never acknowledged. Each message is
acknowledged only after its alarm is committed (or its refusal is), so a crash between the two
means a redelivery, which (device, sequence) being unique stores once.
"""

import signal

import paho.mqtt.client as mqtt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from gongzhi.smart.ingest import TOPIC_PREFIX, Outcome, ingest

TOPIC = f"{TOPIC_PREFIX}+/alarm"


class Command(BaseCommand):
    help = "Store elevator alarms from the MQTT broker (run it as a service, restarted on exit)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.GZ_MQTT_HOST)
        parser.add_argument("--port", type=int, default=settings.GZ_MQTT_PORT)
        parser.add_argument("--client-id", default=settings.GZ_MQTT_CLIENT_ID)

    def handle(self, *args, host, port, client_id, **options):
        self.counts = dict.fromkeys(Outcome, 0)
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            protocol=mqtt.MQTTv311,
            clean_session=False,
            manual_ack=True,
        )
        if settings.GZ_MQTT_USERNAME:
            client.username_pw_set(settings.GZ_MQTT_USERNAME, settings.GZ_MQTT_PASSWORD)
        client.on_connect = self.on_connect
        client.on_message = self.on_message
        client.on_subscribe = self.on_subscribe
        client.reconnect_delay_set(min_delay=1, max_delay=5)
        signal.signal(signal.SIGTERM, lambda *_: client.disconnect())
        try:
            client.connect(host, port, keepalive=30)
        except OSError as error:
            raise CommandError(f"cannot reach the MQTT broker at {host}:{port}: {error}") from error
        self.stdout.write(f"ingest_mqtt: connecting to {host}:{port} as {client_id}")
        try:
            client.loop_forever(retry_first_connection=True)
        except KeyboardInterrupt:
            client.disconnect()
        self.stdout.write(f"ingest_mqtt: stopped; {self._summary()}")

    def on_connect(self, client, userdata, flags, reason_code, properties):
        if reason_code.is_failure:
            self.stderr.write(f"ingest_mqtt: connection refused: {reason_code}")
            return
        # a resumed session's queued messages may arrive before the subscription's answer
        self.stdout.write(f"ingest_mqtt: connected (session present: {flags.session_present})")
        self.stdout.flush()
        client.subscribe(TOPIC, qos=1)

    def on_subscribe(self, client, userdata, mid, reason_codes, properties):
        self.stdout.write(f"ingest_mqtt: subscribed to {TOPIC}")
        self.stdout.flush()

    def on_message(self, client, userdata, message):
        close_old_connections()  # a long-lived process: drop a connection the database closed
        result = ingest(message.payload, channel="mqtt", topic=message.topic)
        # Committed (or refused and recorded): only now may the broker forget the message. An
        # exception before this line leaves it unacknowledged, and the broker redelivers it.
        client.ack(message.mid, message.qos)
        self.counts[result.outcome] += 1

    def _summary(self) -> str:
        return ", ".join(f"{outcome}: {count}" for outcome, count in self.counts.items())
