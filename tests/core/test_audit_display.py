"""Audit entries read as people read them: labels, choice names, related names, 是/否, local
time; a key the model no longer has is shown as stored."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.audit_display import describe, local_time
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.progress import services
from tests.progress.helpers import pdf


def _report(demo_users, item4):
    return services.report_create(
        actor=demo_users["community"],
        task=item4,
        unit=Unit.objects.get(name="西城社区"),
        text="进展",
        files=[pdf()],
    )


def _changes(entry):
    describe([entry])
    return {change.label: (change.before, change.after) for change in entry.changes}


def test_a_change_shows_labels_choice_names_related_names_and_yes_no(demo_users, item4):
    report = _report(demo_users, item4)
    before = snapshot(report)
    report.state, report.claims_completion = "pending", True
    report.author = demo_users["office"]
    report.submitted_at = datetime.datetime(2024, 5, 1, 2, 30, tzinfo=datetime.UTC)
    entry = audit_record(
        actor=demo_users["office"],
        action=Action.UPDATE,
        obj=report,
        before=before,
        after=snapshot(report),
    )
    entry.refresh_from_db()  # as the page reads it: JSON from the database
    changes = _changes(entry)
    assert changes["状态"] == ("草稿", "待审核")
    assert changes["填报人"] == (str(demo_users["community"]), str(demo_users["office"]))
    assert changes["提交时间"] == ("—", "2024-05-01 10:30:00")
    completion = report._meta.get_field("claims_completion").verbose_name
    assert changes[str(completion)] == ("否", "是")
    assert not any(key in changes for key in ("state", "author_id", "claims_completion"))


def test_a_key_the_model_no_longer_has_is_shown_raw(tree):
    entry = audit_record(
        actor=None,
        action=Action.UPDATE,
        obj=tree.street_a,
        before={"name": "甲街道", "retired_flag": True},
        after={"name": "甲街道（新）", "retired_flag": False},
    )
    entry.refresh_from_db()
    changes = _changes(entry)
    assert changes["名称"] == ("甲街道", "甲街道（新）")
    assert changes["retired_flag"] == ("是", "否")


def test_an_entry_about_a_model_that_no_longer_exists_still_shows(tree):
    entry = audit_record(actor=None, action=Action.UPDATE, unit=tree.region, message="x")
    entry.object_type = "gone.model"  # not saved: entries are immutable
    entry.before, entry.after = {"a": 1}, {"a": 2}
    assert _changes(entry) == {"a": ("1", "2")}


def test_local_time_reads_the_json_utc_form_without_a_z():
    assert local_time("2024-05-01T16:00:00Z") == "2024-05-02 00:00:00"
    moment = timezone.make_aware(datetime.datetime(2024, 5, 1, 8, 0))
    assert local_time(moment) == "2024-05-01 08:00:00"


def test_detail_and_list_pages_show_the_readable_change(client, demo_users, item4):
    report = _report(demo_users, item4)
    services.report_submit(actor=demo_users["community"], report=report)
    client.force_login(demo_users["office"])
    entry = reverse("core:audit-list") + "?action=transition"
    listing = client.get(entry).content.decode()
    assert "状态：草稿 → 待审核" in listing
    pk = AuditEntry.objects.filter(action=Action.TRANSITION).latest("pk").pk
    page = client.get(reverse("core:audit-detail", args=[pk])).content.decode()
    assert "草稿" in page and "待审核" in page
    assert ">state<" not in page and "draft" not in page
    assert "进度上报" in page  # the object's type by its model's name
    assert "时间（北京时间）" in page
