"""What reading writes to the audit log: downloads of evidence, photos and exported files,
opening a person's page (once per page view), password changes, and the API token hook."""

from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.urls import reverse

from gongzhi.activities import services as activity_services
from gongzhi.community.models import Donor, SocialWorker, Volunteer
from gongzhi.core.audit import Action, audit_token_use
from gongzhi.core.audited_views import audit_read
from gongzhi.core.models import AuditEntry, Job
from gongzhi.orgs.models import Unit
from gongzhi.progress import services
from tests.conftest import PASSWORD, make_meeting
from tests.progress.helpers import pdf, photo


def _entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_an_evidence_download_is_audited_under_the_reports_unit(client, demo_users, item4):
    xicheng = Unit.objects.get(name="西城社区")
    report = services.report_create(
        actor=demo_users["community"], task=item4, unit=xicheng, text="进展", files=[pdf()]
    )
    evidence = report.evidence.get()
    client.force_login(demo_users["community"])
    assert client.get(reverse("progress:evidence-file", args=[evidence.pk])).status_code == 200
    (entry,) = _entries(Action.DOWNLOAD)
    assert (entry.actor, entry.unit, entry.object_repr) == (
        demo_users["community"],
        xicheng,
        "minutes.pdf",
    )
    assert entry.message == "下载文件：minutes.pdf"


def test_a_thumbnail_shown_in_a_page_is_not_a_download(client, tree, community_user):
    activity = make_meeting(tree.community_a1, community_user)
    activity_services.photos_add(actor=community_user, activity=activity, files=[photo()])
    picture = activity.photos.get()
    client.force_login(community_user)
    assert client.get(reverse("activities:photo-thumb", args=[picture.pk])).status_code == 200
    assert _entries(Action.DOWNLOAD) == []
    assert client.get(reverse("activities:photo-file", args=[picture.pk])).status_code == 200
    (entry,) = _entries(Action.DOWNLOAD)
    assert (entry.object_type, entry.unit) == ("activities.activityphoto", tree.community_a1)


def test_an_exported_file_download_is_audited(client, street_user):
    job = Job.objects.create(
        owner=street_user, kind="test_count", title="x", state="done", result_name="志愿者.xlsx"
    )
    job.result.save("r.xlsx", ContentFile(b"hello"))
    client.force_login(street_user)
    client.get(reverse("core:job-download", args=[job.pk]))
    (entry,) = _entries(Action.DOWNLOAD)
    assert (entry.actor, entry.message) == (street_user, "下载文件：志愿者.xlsx")


def test_each_view_of_a_persons_page_writes_one_entry(client, tree, community_user):
    unit = tree.community_a1
    people = {
        "community:volunteer-detail": Volunteer.objects.create(
            name="张三", unit=unit, phone="13912345678"
        ),
        "community:worker-detail": SocialWorker.objects.create(name="李四", unit=unit),
        "community:donor-detail": Donor.objects.create(name="王五", kind="merchant", unit=unit),
    }
    client.force_login(community_user)
    for name, person in people.items():
        assert client.get(reverse(name, args=[person.pk])).status_code == 200
    volunteer = people["community:volunteer-detail"]
    client.get(reverse("community:volunteer-detail", args=[volunteer.pk]))  # a second view
    entries = _entries(Action.VIEW_PERSONAL)
    assert sorted(entry.object_repr for entry in entries) == sorted(
        [str(person) for person in people.values()] + [str(volunteer)]
    )
    assert {entry.unit for entry in entries} == {unit}
    assert all(entry.message.startswith("GET /") for entry in entries)


def test_reading_the_same_object_twice_in_one_request_writes_once(tree, community_user):
    request = RequestFactory().get("/x/")
    request.user = community_user
    for _ in range(2):
        audit_read(request, Action.VIEW_PERSONAL, tree.community_a1)
    assert len(_entries(Action.VIEW_PERSONAL)) == 1


def test_a_refused_persons_page_writes_no_view_entry(client, tree, community_user):
    other = Volunteer.objects.create(name="赵六", unit=tree.community_a2, phone="13912345679")
    client.force_login(community_user)
    assert client.get(reverse("community:volunteer-detail", args=[other.pk])).status_code == 404
    assert _entries(Action.VIEW_PERSONAL) == []


def test_changing_ones_own_password_is_audited(client, street_user):
    client.force_login(street_user)
    client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qz7!long-新密码-2024",
            "new_password2": "Qz7!long-新密码-2024",
        },
    )
    assert AuditEntry.objects.filter(
        actor=street_user, object_id=str(street_user.pk), message="修改本人密码"
    ).exists()


def test_the_api_token_hook_writes_an_entry_without_the_secret(street_user):
    entry = audit_token_use(user=street_user, token_label="报表接口", method="GET", path="/api/x")
    assert (entry.action, entry.actor, entry.message) == (
        Action.TOKEN_USE,
        street_user,
        "报表接口 GET /api/x",
    )


def test_every_signed_in_file_view_audits_its_downloads():
    """Files are served through `serve_audited_file`; only the public page's published
    thumbnails go without (no one is signed in to record)."""
    from pathlib import Path

    from django.conf import settings

    allowed = {"core/uploads.py", "core/audited_views.py", "dashboards/views.py"}
    root = Path(settings.BASE_DIR) / "gongzhi"
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "serve_stored_file(" in path.read_text(encoding="utf-8")
        and str(path.relative_to(root)) not in allowed
    ]
    assert direct == []


def test_a_residents_photo_download_is_audited(client, tree, community_user):
    from gongzhi.residents import services as needs
    from gongzhi.residents.models import NeedCategory

    category = NeedCategory.objects.create(region=tree.region, name="设施维修")
    need = needs.need_submit_public(
        community=tree.community_a1, category=category, description="灯坏了", photos=[photo()]
    )
    client.force_login(community_user)
    picture = need.photos.get()
    assert client.get(reverse("residents:photo-file", args=[picture.pk])).status_code == 200
    (entry,) = _entries(Action.DOWNLOAD)
    assert (entry.object_type, entry.unit) == ("residents.needphoto", tree.community_a1)
