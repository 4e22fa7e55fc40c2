"""Field keys rotate by key id: old and new values read during a rotation, which resumes when
interrupted, leaves nothing under the old key, and keeps lookups by phone working."""

import base64
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from gongzhi.community.models import Volunteer
from gongzhi.core import crypto, rotation
from gongzhi.core.checks import field_key_rotation

OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()


@pytest.fixture
def old_key(settings):
    settings.GZ_FIELD_KEY = OLD
    settings.GZ_FIELD_KEYS_OLD = []
    settings.GZ_INDEX_KEY = OLD
    settings.GZ_FIELD_CIPHER = "aes"
    return settings


def _rotate_to(settings, key=NEW, cipher="aes"):
    settings.GZ_FIELD_KEYS_OLD = [settings.GZ_FIELD_KEY]
    settings.GZ_FIELD_KEY = key
    settings.GZ_FIELD_CIPHER = cipher


def _volunteers(tree, count):
    return [
        Volunteer.objects.create(
            name=f"志愿者{i}",
            unit=tree.community_a1,
            phone=f"1380000{i:04d}",
            id_number="11010519491231002X" if i == 0 else "",
        )
        for i in range(count)
    ]


def _key_ids():
    fields = [Volunteer._meta.get_field("phone"), Volunteer._meta.get_field("id_number")]
    return rotation.stored_key_ids(Volunteer, fields)


def test_values_name_their_key_and_both_keys_read_during_a_rotation(old_key):
    sealed_old = crypto.encrypt("13812345678")
    old_id = crypto.keyring().current.key_id
    assert sealed_old.startswith(f"gz2:{old_id}:") and old_id.startswith("aes-")
    _rotate_to(old_key)
    sealed_new = crypto.encrypt("13812345678")
    assert crypto.key_id_of(sealed_new) != old_id
    assert crypto.decrypt(sealed_old) == crypto.decrypt(sealed_new) == "13812345678"
    old_key.GZ_FIELD_KEYS_OLD = []  # the old key removed too early: its values no longer open
    with pytest.raises(crypto.UnknownKey):
        crypto.decrypt(sealed_old)


def test_first_format_values_read_with_whichever_key_sealed_them(old_key):
    aes = crypto.keyring().current.cipher("aes")
    legacy = "gz1:" + base64.b64encode(aes.seal(b"13812345678", None)).decode()
    assert crypto.decrypt(legacy) == "13812345678"
    _rotate_to(old_key)
    assert crypto.decrypt(legacy) == "13812345678"


def test_an_interrupted_rotation_resumes_and_leaves_nothing_under_the_old_key(
    old_key, tree, monkeypatch
):
    _volunteers(tree, 7)
    old_id = crypto.keyring().current.key_id
    _rotate_to(old_key)
    new_id = crypto.keyring().current.key_id
    seen = []

    def stop_after_two_batches(model, done, total):
        seen.append(done)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotation.rotate_all(batch_size=3, progress=stop_after_two_batches)
    assert _key_ids() == {new_id: 7, old_id: 1}  # two batches of rows committed, each whole
    # meanwhile every row reads, whichever key sealed it
    assert sorted(v.phone.reveal() for v in Volunteer.objects.all())[-1] == "13800000006"
    tally = rotation.rotate_all(batch_size=3)
    assert (tally.rotated, tally.reindexed, tally.unreadable) == (1, 0, 0)
    assert _key_ids() == {new_id: 8}
    assert rotation.rotate_all(batch_size=3).rotated == 0  # nothing left to do


def test_lookups_by_phone_find_rows_during_and_after_rotation(old_key, tree):
    _volunteers(tree, 4)
    _rotate_to(old_key)
    assert Volunteer.objects.get(phone_index=crypto.blind_index("13800000002")).name == "志愿者2"
    call_command("rotate_field_key", batch_size=2, stdout=StringIO())
    found = Volunteer.objects.get(phone_index=crypto.blind_index("13800000002"))
    assert found.phone.reveal() == "13800000002"
    assert Volunteer.objects.get(id_number_index=crypto.blind_index("11010519491231002X"))


def test_a_changed_index_key_is_rebuilt_with_reindex(old_key, tree):
    _volunteers(tree, 3)
    old_key.GZ_INDEX_KEY = NEW
    assert not Volunteer.objects.filter(phone_index=crypto.blind_index("13800000001")).exists()
    tally = rotation.rotate_all(batch_size=2, reindex=True)
    assert tally.reindexed == 4 and tally.rotated == 0  # three phones and one ID number
    assert Volunteer.objects.get(phone_index=crypto.blind_index("13800000001"))


def test_the_command_reports_progress_and_counts(old_key, tree, capsys):
    _volunteers(tree, 3)
    _rotate_to(old_key)
    call_command("rotate_field_key", batch_size=2)
    out = capsys.readouterr().out
    assert "community.Volunteer: 2/3" in out and "community.Volunteer: 3/3" in out
    assert "Re-encrypted 4," in out and "Values under other keys: 0." in out


def test_a_rotation_without_its_own_index_key_is_refused(settings):
    settings.GZ_FIELD_KEYS_OLD = [OLD]
    settings.GZ_INDEX_KEY = ""
    assert [error.id for error in field_key_rotation(None)] == ["gongzhi.E005"]
    settings.GZ_INDEX_KEY = OLD
    settings.GZ_FIELD_CIPHER = "des"
    assert [error.id for error in field_key_rotation(None)] == ["gongzhi.E004"]


@pytest.mark.parametrize("gcm", [True, False], ids=["sm4-gcm", "sm4-cbc-hmac"])
def test_sm4_seals_and_a_rotation_moves_from_aes_to_sm4(old_key, tree, monkeypatch, gcm):
    if gcm and not crypto.sm4_gcm_available():
        pytest.skip("this OpenSSL has no SM4-GCM")
    monkeypatch.setattr(crypto, "sm4_gcm_available", lambda: gcm)
    _volunteers(tree, 2)
    _rotate_to(old_key, cipher="sm4")
    key_id = crypto.keyring().current.key_id
    assert key_id.startswith("sm4-" if gcm else "sm4cbc-")
    rotation.rotate_all(batch_size=1)
    assert _key_ids() == {key_id: 3}
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM community_volunteer")
        stored = [row[0] for row in cursor.fetchall()]
    assert all(value.startswith(f"gz2:{key_id}:") for value in stored)
    assert "13800000001" not in "".join(stored)
    found = Volunteer.objects.get(phone_index=crypto.blind_index("13800000001"))
    assert found.phone.reveal() == "13800000001"
    tampered = stored[0][:-6] + ("AAAAAA" if not stored[0].endswith("AAAAAA") else "BBBBBB")
    with pytest.raises(crypto.InvalidTag):
        crypto.decrypt(tampered)
