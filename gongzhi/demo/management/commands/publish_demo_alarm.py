"""Publish one elevator alarm of 金山社区's demo elevators to the MQTT broker, as its monitoring
terminal would (QoS 1), to watch it reach 金山's alarm list and map, and escalate to 雒城街道
when nobody acknowledges it. `make demo` runs the ingester beside the server."""

import json
import time

import paho.mqtt.client as mqtt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.demo.smart import DEVICES
from gongzhi.smart.ingest import TOPIC_PREFIX
from gongzhi.smart.models import FaultType


class Command(BaseCommand):
    help = "Publish a demo elevator alarm (金山社区) to the MQTT broker."

    def add_arguments(self, parser):
        parser.add_argument("--fault", default=FaultType.TRAPPED, choices=FaultType.values)
        parser.add_argument("--elevator", type=int, default=1, choices=range(1, len(DEVICES) + 1))

    def handle(self, *args, fault, elevator, **options):
        code = DEVICES[elevator - 1][2]
        payload = {
            "registration_code": code,
            "sequence": time.time_ns() // 1_000_000,  # new each time: never a redelivery
            "time": timezone.now().isoformat(),
            "running_state": "stopped",
            "fault": fault,
            "values": {"floor": 5},
        }
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        if settings.GZ_MQTT_USERNAME:
            client.username_pw_set(settings.GZ_MQTT_USERNAME, settings.GZ_MQTT_PASSWORD)
        try:
            client.connect(settings.GZ_MQTT_HOST, settings.GZ_MQTT_PORT)
        except OSError as error:
            raise CommandError(f"cannot reach the MQTT broker: {error}") from error
        client.loop_start()
        sent = client.publish(f"{TOPIC_PREFIX}{code}/alarm", json.dumps(payload), qos=1)
        sent.wait_for_publish(timeout=10)
        client.loop_stop()
        client.disconnect()
        self.stdout.write(f"published {fault} for {DEVICES[elevator - 1][0]} {code}")
