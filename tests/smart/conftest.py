"""An elevator in 甲一社区 (甲街道, 测试市), registered with known credentials."""

import json

import pytest
from django.utils import timezone

from gongzhi.smart import services

DEVICE_KEY = "device-key-for-tests"
SECRET = "secret-for-tests"
CODE = "31105106002024000001"


@pytest.fixture
def device(tree, office):
    device, _credentials = services.device_register(
        actor=office,
        community=tree.community_a1,
        building="3栋",
        name="1号梯",
        registration_code=CODE,
        device_key=DEVICE_KEY,
        secret=SECRET,
    )
    return device


def payload(sequence=1, fault="trapped", code=CODE, **changes) -> bytes:
    data = {
        "registration_code": code,
        "sequence": sequence,
        "time": timezone.now().isoformat(),
        "running_state": "stopped",
        "fault": fault,
        "values": {"floor": 5},
        **changes,
    }
    return json.dumps(data).encode()
