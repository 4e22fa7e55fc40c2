"""The audit search finds an entry by its object, message, account, unit or address, in any
case; on PostgreSQL it reads the search's indexes rather than the whole log."""

import pytest
from django.db import connection
from django.urls import reverse

from gongzhi.community.models import Donor
from gongzhi.core import audit_search
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.models import AuditEntry


@pytest.fixture
def entries(tree, street_user):
    def entry(**fields):
        return audit_record(action=Action.UPDATE, **{"actor": None, **fields})

    return {
        "object": entry(obj=tree.community_b1, message="乙"),
        "message": entry(message="导出 Volunteers 台账"),
        "unit": entry(unit=tree.community_a1, message="丙"),
        "account": entry(actor=street_user, message="丁"),
    }


def _found(words):
    queryset = AuditEntry.objects.dangerously_unscoped(reason="test")
    return set(audit_search.matching(queryset, words).values_list("pk", flat=True))


def test_each_part_of_an_entry_is_searched_in_any_case(tree, street_user, entries):
    assert entries["message"].pk in _found("volunteers")
    assert entries["message"].pk in _found("导出 VOLUNTEERS")
    assert _found(tree.community_b1.name) >= {entries["object"].pk}
    assert entries["unit"].pk in _found(tree.community_a1.name)
    assert entries["account"].pk in _found(street_user.username.upper())
    assert entries["account"].pk in _found(street_user.full_name)
    assert entries["unit"].pk not in _found("导出")
    assert _found("无此内容") == set()


def test_a_failed_sign_in_is_found_by_the_name_typed_and_its_address(client, db):
    client.post("/accounts/login/", {"username": "nobody", "password": "x"}, REMOTE_ADDR="10.8.3.7")
    failed = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert (failed.actor_label, failed.ip) == ("nobody", "10.8.3.7")
    assert failed.pk in _found("nobody")
    assert failed.pk in _found("10.8.3")
    assert failed.pk not in _found("10.8.4")


@pytest.mark.parametrize(
    ("words", "address"), [("10.8.3", True), ("fe80::1", True), ("ad.be", False)]
)
def test_only_words_with_digits_and_dots_or_colons_are_addresses(words, address):
    assert bool(audit_search.ADDRESS_START.fullmatch(words)) is address


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("words", "index"),
    [
        ("Volunteers", audit_search.INDEX_NAME),
        ("10.8.3", audit_search.ADDRESS_INDEX_NAME),
        ("张三", audit_search.OBJECT_INDEX_NAME),
    ],
)
def test_postgresql_answers_a_search_from_its_index(entries, words, index):
    queryset = AuditEntry.objects.dangerously_unscoped(reason="test")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
        plan = audit_search.matching(queryset, words).order_by().explain()
    assert index in plan


def test_a_word_of_two_characters_finds_whole_names_only(client, office, tree):
    donor = Donor.objects.create(name="张三", unit=tree.community_a1)
    named = audit_record(actor=None, action=Action.UPDATE, obj=donor, message="修改捐赠人")
    assert named.pk in _found("张三")
    assert named.pk not in _found("张")
    assert named.pk not in _found("捐赠")  # inside a text: needs three characters
    assert named.pk in _found("捐赠人")
    client.force_login(office)
    url = reverse("core:audit-list")
    assert "“捐赠”不足三个字" in client.get(url, {"q": "捐赠"}).content.decode()
    assert "不足三个字" not in client.get(url, {"q": "捐赠人"}).content.decode()
