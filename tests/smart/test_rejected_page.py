"""The payloads refused at ingestion, on a page: with reason, channel, topic and time, filtered
by channel, the payload truncated; scoped to the devices a unit keeps, a payload naming no known
device for the office alone; MQTT refusals filed under the device their topic names."""

import pytest
from django.urls import reverse

from gongzhi.core.roles import Role
from gongzhi.smart.ingest import ingest, ingest_batch
from gongzhi.smart.models import RejectedMessage
from gongzhi.smart.views_devices import PAYLOAD_SHOWN
from tests.smart.conftest import CODE


def _topic(code=CODE):
    return f"gongzhi/elevators/{code}/alarm"


@pytest.fixture
def refusals(device):
    ingest(b'{"registration_code": "' + CODE.encode() + b'"}', channel="mqtt", topic=_topic())
    ingest(b"not json", channel="http", device=device)
    ingest(b"{}", channel="mqtt", topic=_topic("UNKNOWN-1"))
    return RejectedMessage.objects.order_by("pk")


def test_mqtt_refusals_are_filed_under_the_device_their_topic_names(refusals, device):
    assert [message.device for message in refusals] == [device, device, None]
    ingest_batch([(b"[]", _topic()), (b"[]", _topic("UNKNOWN-2"))], channel="mqtt")
    assert [message.device for message in refusals][-2:] == [device, None]


def _shown(client, user, **query):
    client.force_login(user)
    page = client.get(reverse("smart:rejected-list"), query)
    return page, {message.pk for message in page.context["object_list"]}


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.PROGRAM_OFFICE, {0, 1, 2}),  # the unknown device too
        (Role.STREET, {0, 1}),
        (Role.COMMUNITY, {0, 1}),
    ],
)
def test_each_keeper_sees_the_refusals_of_its_devices(client, refusals, users, role, sees):
    ids = list(refusals.values_list("pk", flat=True))
    assert _shown(client, users[role])[1] == {ids[index] for index in sees}


def test_a_community_does_not_see_another_communitys_refusals(client, tree, refusals):
    from tests.conftest import make_user

    neighbour = make_user("neighbour", Role.COMMUNITY, tree.community_a2)
    assert _shown(client, neighbour)[1] == set()


def test_roles_without_devices_may_not_open_it(client, users):
    client.force_login(users[Role.AGENCY])
    assert client.get(reverse("smart:rejected-list")).status_code == 403


def test_it_shows_reason_channel_topic_and_a_truncated_payload(client, device, office):
    long_payload = b'{"registration_code": "' + CODE.encode() + b'", "x": "' + b"a" * 2000 + b'"}'
    ingest(long_payload, channel="mqtt", topic=_topic())
    page, _ids = _shown(client, office)
    html = page.content.decode()
    assert "字段 sequence 缺失或类型不对。" in html and _topic() in html and "MQTT" in html
    assert "a" * (PAYLOAD_SHOWN - 100) in html and "a" * PAYLOAD_SHOWN not in html


def test_it_filters_by_channel(client, refusals, office):
    http = refusals.get(channel="http").pk
    assert _shown(client, office, channel="http")[1] == {http}
