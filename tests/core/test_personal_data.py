"""Personal data is encrypted at rest, found by a blind index, and masked on screen."""

import pytest
from django.db import connection

from gongzhi.activities.models import SignIn
from gongzhi.core import crypto
from gongzhi.core.masking import mask_id_number, mask_name, mask_phone
from gongzhi.core.personal import PersonalValue


def test_round_trip_and_fresh_nonce():
    first, second = crypto.encrypt("13812345678"), crypto.encrypt("13812345678")
    assert first != second and first.startswith("gz2:aes-")
    assert crypto.decrypt(first) == "13812345678"


def test_tampering_is_detected():
    stored = crypto.encrypt("13812345678")
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.InvalidTag):
        crypto.decrypt(tampered)


def test_blind_index_ignores_spacing_but_not_digits():
    assert crypto.blind_index("138 1234-5678") == crypto.blind_index("13812345678")
    assert crypto.blind_index("13812345679") != crypto.blind_index("13812345678")
    assert crypto.blind_index("") == ""


@pytest.mark.django_db
def test_the_database_holds_no_plain_phone(db):
    from tests.activities.test_signin import make_activity

    activity = make_activity()
    SignIn.objects.create(activity=activity, name="李四", phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, phone_index FROM activities_signin")
        stored, index = cursor.fetchone()
    assert "13812345678" not in stored and "13812345678" not in index
    found = SignIn.objects.get(phone_index=crypto.blind_index("13812345678"))
    assert found.phone.reveal() == "13812345678"


@pytest.mark.parametrize(
    ("func", "value", "masked"),
    [
        (mask_phone, "13812345678", "138****5678"),
        (mask_id_number, "510681199001011234", "5106**********1234"),
        (mask_name, "张三丰", "张**"),
        (mask_phone, "", ""),
    ],
)
def test_masking(func, value, masked):
    assert func(value) == masked


def test_keys_follow_the_setting_and_a_remembered_index_follows_the_key(settings):
    value = PersonalValue("13812345678", "phone")
    first = crypto.blind_index(value)
    assert crypto.blind_index(value) == first == crypto.blind_index("138 1234 5678")
    stored = crypto.encrypt("13812345678")
    settings.GZ_FIELD_KEY = "b3RoZXIga2V5IGZvciB0aGUgdGVzdHMgb25seSE="
    assert crypto.blind_index(value) == crypto.blind_index("13812345678") != first
    with pytest.raises(crypto.UnknownKey):  # sealed under a key no longer configured
        crypto.decrypt(stored)
    assert crypto.decrypt(crypto.encrypt("13812345678")) == "13812345678"
