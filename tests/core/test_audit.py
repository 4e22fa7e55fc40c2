"""Audit entries for changes, logins, failed logins and refusals; immutable; scoped."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from gongzhi.community.models import Donation, Donor
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.models import AuditEntry, AuditImmutableError
from gongzhi.core.roles import Role
from gongzhi.orgs.services import unit_update
from tests.conftest import PASSWORD


def test_successful_login_is_audited_with_unit_and_address(client, street_user):
    client.post(reverse("accounts:login"), {"username": street_user.username, "password": PASSWORD})
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert entry.actor == street_user
    assert entry.actor_unit.name == "甲街道"
    assert entry.ip == "127.0.0.1"


def test_failed_login_is_audited_for_known_and_unknown_names(client, street_user):
    url = reverse("accounts:login")
    client.post(url, {"username": street_user.username, "password": "wrong"})
    client.post(url, {"username": "nobody", "password": "wrong"})
    known, unknown = AuditEntry.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert (known.actor_label, known.unit.name) == (street_user.username, "甲街道")
    assert (unknown.actor_label, unknown.unit, unknown.message) == ("nobody", None, "未知账号")


def test_logout_is_audited(client, street_user):
    client.force_login(street_user)
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor=street_user).count() == 1


def test_refused_access_is_audited(client, street_user):
    client.force_login(street_user)
    assert client.get(reverse("accounts:user-create")).status_code == 403
    entry = AuditEntry.objects.get(action=Action.ACCESS_DENIED)
    assert entry.actor == street_user
    assert entry.message == "GET /accounts/users/new/"


def test_out_of_scope_object_answers_404_and_is_audited(client, tree, community_user):
    client.force_login(community_user)
    url = reverse("orgs:unit-detail", args=[tree.community_a2.pk])
    assert client.get(url).status_code == 404
    assert AuditEntry.objects.filter(action=Action.ACCESS_DENIED, message=f"GET {url}").exists()


def test_update_records_before_and_after(tree, office):
    unit_update(
        actor=office,
        unit=tree.community_a2,
        name="甲二社区（新）",
        kind="community",
        code="510681001002",
        note="",
        is_active=True,
    )
    entry = AuditEntry.objects.get(action=Action.UPDATE)
    assert entry.actor_unit == tree.civil
    assert ("name", "甲二社区", "甲二社区（新）") in entry.changed_fields()
    assert ("code", "", "510681001002") in entry.changed_fields()
    assert entry.unit == tree.community_a2


def test_entries_cannot_be_changed_or_deleted(tree):
    entry = audit_record(actor=None, action=Action.UPDATE, unit=tree.region, message="x")
    entry.message = "changed"
    with pytest.raises(AuditImmutableError):
        entry.save()
    with pytest.raises(AuditImmutableError):
        entry.delete()
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(message="changed")
    with pytest.raises(AuditImmutableError):
        AuditEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.message == "x"


def test_audit_log_is_scoped(tree, users):
    in_a = audit_record(actor=None, action=Action.UPDATE, unit=tree.community_a1)
    in_b = audit_record(actor=None, action=Action.UPDATE, unit=tree.community_b1)
    no_unit = audit_record(actor=None, action=Action.LOGIN_FAILED, actor_label="nobody")

    def seen(role):
        return set(AuditEntry.objects.visible_to(users[role]).values_list("pk", flat=True))

    assert seen(Role.PROGRAM_OFFICE) >= {in_a.pk, in_b.pk, no_unit.pk}
    assert seen(Role.STREET) == {in_a.pk}
    assert seen(Role.COMMUNITY) == {in_a.pk}
    assert seen(Role.AGENCY) == set()
    assert no_unit.pk not in seen(Role.FINANCE)


def test_audit_search_by_keyword_and_action(client, tree, office):
    audit_record(actor=None, action=Action.UPDATE, unit=tree.community_a1, message="改名")
    audit_record(actor=None, action=Action.EXPORT, unit=tree.community_b1, message="导出台账")
    client.force_login(office)
    response = client.get(reverse("core:audit-list"), {"q": "导出台", "action": "export"})
    entries = list(response.context["object_list"])
    assert [entry.message for entry in entries] == ["导出台账"]
    bad = client.get(reverse("core:audit-list"), {"since": "not-a-date"})
    assert bad.status_code == 400  # a filter value that makes no sense, named on the page
    assert "since" in bad.context["filter"].errors
    assert list(bad.context["object_list"]) == []


def test_entries_written_in_bulk_match_single_entries(street_user, tree):
    from gongzhi.core.audit import audit_records

    fields = ["actor", "actor_label", "actor_unit", "action", "object_type", "object_id"]
    fields += ["object_repr", "unit", "before", "after", "message"]
    single = audit_record(
        actor=street_user,
        action=Action.UPDATE,
        obj=tree.community_a1,
        before={"name": "旧"},
        after={"name": "新"},
        message="Excel 导入",
    )
    written = audit_records(
        actor=street_user,
        entries=[(Action.UPDATE, tree.community_a1, {"name": "旧"}, {"name": "新"})],
        message="Excel 导入",
    )
    bulk = AuditEntry.objects.exclude(pk=single.pk).get()
    assert written == 1
    assert [getattr(bulk, f) for f in fields] == [getattr(single, f) for f in fields]
    assert bulk.at is not None


def test_a_snapshot_holds_what_its_json_holds():
    """Dates and amounts are kept as the audit log's JSON will hold them, personal data masked."""
    donation = Donation(
        amount=Decimal("1200.50"), pledged_on=datetime.date(2025, 6, 30), received_on=None
    )
    after = snapshot(donation)
    assert after["amount"] == "1200.50" and after["pledged_on"] == "2025-06-30"
    assert after == json.loads(json.dumps(after, cls=DjangoJSONEncoder))
    donor = Donor(name="某公司", contact_phone="13812345678")
    assert snapshot(donor)["contact_phone"] == "138****5678"
    assert "contact_phone_index" not in snapshot(donor)
