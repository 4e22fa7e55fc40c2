"""A batch from the broker: stored in one transaction, each (device, sequence) once, refusals
kept with their reasons while the rest of the batch is stored."""

import datetime

from gongzhi.smart.ingest import Outcome, ingest_batch
from gongzhi.smart.models import Alarm, RejectedMessage
from tests.smart.conftest import CODE, payload

TOPIC = f"gongzhi/elevators/{CODE}/alarm"
UNKNOWN = "99999999999999999999"


def test_a_batch_is_stored_with_every_field(device, tree):
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    at = datetime.datetime(2024, 12, 18, 9, 30, tzinfo=beijing)
    counts = ingest_batch(
        [(payload(sequence=7, time=at.isoformat(), values={"floor": 3}), TOPIC)], channel="mqtt"
    )
    assert counts == {Outcome.STORED: 1, Outcome.REJECTED: 0}
    alarm = Alarm.objects.get()
    assert (alarm.device, alarm.sequence, alarm.fault, alarm.running_state) == (
        device, 7, "trapped", "stopped"
    )  # fmt: skip
    assert alarm.occurred_at == at and alarm.values == {"floor": 3}
    assert (alarm.channel, alarm.state, alarm.responsible) == ("mqtt", "new", tree.community_a1)
    assert alarm.received_at is not None and alarm.escalations == 0
    assert (alarm.acknowledged_by, alarm.resolved_at, alarm.acknowledge_note) == (None, None, "")


def test_a_redelivery_is_stored_once_within_a_batch_and_across_batches(device):
    ingest_batch([(payload(sequence=1), TOPIC)], channel="mqtt")
    again = [(payload(sequence=n), TOPIC) for n in (1, 2, 2, 3)]
    ingest_batch(again, channel="mqtt")
    assert sorted(Alarm.objects.values_list("sequence", flat=True)) == [1, 2, 3]


def test_refusals_are_kept_with_their_reasons_while_the_rest_is_stored(device):
    messages = [
        (payload(sequence=1), TOPIC),
        (b"{not json", TOPIC),
        (payload(sequence=2, fault="exploded"), TOPIC),
        (payload(sequence=3, code=UNKNOWN), f"gongzhi/elevators/{UNKNOWN}/alarm"),
        (payload(sequence=4), "gongzhi/elevators/31105106002024000002/alarm"),
        (payload(sequence=5), TOPIC),
    ]  # fmt: skip
    counts = ingest_batch(messages, channel="mqtt")
    assert counts == {Outcome.STORED: 2, Outcome.REJECTED: 4}
    assert sorted(Alarm.objects.values_list("sequence", flat=True)) == [1, 5]
    reasons = " ".join(RejectedMessage.objects.values_list("reason", flat=True))
    assert "JSON" in reasons and "fault" in reasons and UNKNOWN in reasons
    assert "主题" in reasons
