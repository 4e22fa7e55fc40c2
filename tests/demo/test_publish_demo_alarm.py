"""`manage.py publish_demo_alarm` sends what a 金山 elevator terminal would: a payload the
ingester accepts, on the elevator's topic, at QoS 1."""

import threading
from io import StringIO

import paho.mqtt.client as mqtt
from django.core.management import call_command

from gongzhi.demo.smart import DEVICES
from gongzhi.smart.ingest import code_in_topic, parse
from tests.smart.mqtt_harness import Broker, need_mosquitto


def test_the_demo_alarm_reaches_the_broker_as_a_valid_payload(tmp_path, settings):
    broker = Broker(need_mosquitto(), tmp_path)
    broker.start()
    received, arrived = [], threading.Event()
    listener = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    listener.on_message = lambda client, data, message: (received.append(message), arrived.set())
    subscribed = threading.Event()
    listener.on_subscribe = lambda *args: subscribed.set()
    try:
        listener.connect("127.0.0.1", broker.port)
        listener.loop_start()
        listener.subscribe("gongzhi/elevators/+/alarm", qos=1)
        assert subscribed.wait(10)
        settings.GZ_MQTT_HOST, settings.GZ_MQTT_PORT = "127.0.0.1", broker.port
        out = StringIO()
        options = ["--elevator", "3", "--fault", "top_overtravel"]
        call_command("publish_demo_alarm", *options, stdout=out)
        assert arrived.wait(10)
    finally:
        listener.loop_stop()
        listener.disconnect()
        broker.stop()
    message = received[0]
    payload = parse(message.payload)
    assert code_in_topic(message.topic) == payload.registration_code == DEVICES[2][2]
    assert (payload.fault, message.qos) == ("top_overtravel", 1)
    assert "published top_overtravel" in out.getvalue()
