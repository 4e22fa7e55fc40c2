"""Volunteers and their confirmed hours, social workers, charity resources, the task 7 checklist."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.community import selectors, services
from gongzhi.community.models import (
    ChecklistPoint,
    Donation,
    Donor,
    SocialWorker,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.orgs.models import Unit
from tests.activities.test_signin import make_activity


@pytest.fixture
def xicheng(demo):
    return Unit.objects.get(name="西城社区")


def test_volunteer_form_checks_and_masks_personal_data(client, demo_users, xicheng):
    client.force_login(demo_users["community"])
    bad = client.post(
        reverse("community:volunteer-create"),
        {"name": "钱七", "unit": xicheng.pk, "phone": "123", "id_number": "5106"},
    )
    assert {"phone", "id_number"} <= set(bad.context["form"].errors)
    client.post(
        reverse("community:volunteer-create"),
        {
            "name": "钱七",
            "unit": xicheng.pk,
            "phone": "138 1234 5678",
            "id_number": "11010519491231002x",
            "is_active": "on",
        },
    )
    volunteer = Volunteer.objects.get()
    clear = (volunteer.phone.reveal(), volunteer.id_number.reveal())
    assert clear == ("13812345678", "11010519491231002X")
    page = client.get(volunteer.get_absolute_url()).content.decode()
    assert "138****5678" in page and "1101**********002X" in page
    assert "13812345678" not in page and "11010519491231002X" not in page


def test_hours_count_once_the_organiser_confirms(demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="孙八", unit=xicheng, phone="13900000001")
    team = VolunteerTeam.objects.create(name="西城志愿服务队", unit=xicheng)
    volunteer.teams.add(team)
    activity = make_activity(type="volunteer", community=xicheng, unit=xicheng)
    community = demo_users["community"]
    logged = services.hours_log(
        actor=community,
        entry=VolunteerHours(volunteer=volunteer, activity=activity, date="2024-05-01", hours=3),
    )
    assert selectors.person_total(volunteer) == 0  # not confirmed yet
    with pytest.raises(PermissionDenied):
        services.hours_confirm(actor=demo_users["agency"], entry=logged)
    with pytest.raises(PermissionDenied):  # the community logged them: someone else confirms
        services.hours_confirm(actor=community, entry=logged)
    services.hours_confirm(actor=demo_users["street"], entry=logged)
    with pytest.raises(ValidationError):
        services.hours_confirm(actor=demo_users["street"], entry=logged)
    assert selectors.person_total(volunteer) == 3
    teams = selectors.team_totals(community, volunteers=[volunteer.pk])
    assert [(t.name, t.confirmed_hours) for t in teams] == [("西城志愿服务队", 3)]
    assert selectors.community_totals(demo_users["office"], units=[xicheng]) == [("西城社区", 3)]
    assert selectors.community_totals(demo_users["agency"], units=[xicheng]) == []


def _rows(page, testid):
    """The list items of the <ul> marked with `testid`."""
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</ul>", start)].count("<li")


def test_volunteer_totals_cover_only_the_communities_and_teams_on_the_page(
    client, demo_users, xicheng
):
    office = demo_users["office"]
    street = Unit.objects.get(name="雒城街道")
    for k in range(60):  # more communities and teams than one page of volunteers shows
        community = Unit.objects.add_unit(street, name=f"第{k:02d}社区", kind="community")
        volunteer = Volunteer.objects.create(name=f"志愿者{k}", unit=community, phone=f"139{k:08d}")
        volunteer.teams.add(VolunteerTeam.objects.create(name=f"第{k:02d}队", unit=community))
        VolunteerHours.objects.create(
            volunteer=volunteer,
            date="2024-05-01",
            hours=2,
            logged_by=office,
            confirmed_by=office,
            confirmed_at="2024-05-02T09:00:00+08:00",
        )
    client.force_login(office)
    response = client.get(reverse("community:volunteer-list"))
    page = response.context["object_list"]
    assert len(page) == 50 < Volunteer.objects.count()
    units = {volunteer.unit.name for volunteer in page}
    assert {name for name, _total in response.context["community_totals"]} == units
    teams = {team.name for volunteer in page for team in volunteer.teams.all()}
    assert {team.name for team in response.context["teams"]} == teams
    html = response.content.decode()
    assert _rows(html, "community-totals") == len(units) <= 50
    assert _rows(html, "team-totals") == len(teams) <= 50
    assert all(total == 2 for _name, total in response.context["community_totals"])


def test_hours_must_be_within_a_day(demo_users, xicheng):
    volunteer = Volunteer.objects.create(name="周九", unit=xicheng, phone="13900000002")
    with pytest.raises(ValidationError):
        services.hours_log(
            actor=demo_users["community"],
            entry=VolunteerHours(volunteer=volunteer, date="2024-05-01", hours=30),
        )
    assert VolunteerHours.objects.count() == 0


def test_social_workers_exams_and_trainings(client, demo_users):
    agency = Unit.objects.get(kind="agency")
    client.force_login(demo_users["agency"])
    client.post(
        reverse("community:worker-create"),
        {
            "name": "吴十",
            "unit": agency.pk,
            "phone": "13700000000",
            "qualification": "assistant",
            "is_active": "on",
        },
    )
    worker = SocialWorker.objects.get()
    client.post(
        reverse("community:worker-exam-add", args=[worker.pk]),
        {"year": 2024, "level": "social_worker", "result": "registered"},
    )
    client.post(
        reverse("community:worker-training-add", args=[worker.pk]),
        {"title": "社区社会工作实务", "date": "2024-04-10", "hours": "8"},
    )
    assert (worker.exams.get().level, worker.trainings.get().hours) == ("social_worker", 8)
    client.force_login(demo_users["street"])  # the agency is not the street's to keep
    refused = client.post(
        reverse("community:worker-exam-add", args=[worker.pk]),
        {"year": 2025, "level": "senior", "result": "registered"},
    )
    assert refused.status_code == 404
    assert worker.exams.count() == 1


def test_charity_donations_and_services(client, demo_users, xicheng):
    client.force_login(demo_users["community"])
    client.post(
        reverse("community:donor-create"),
        {"name": "西城好邻居超市", "kind": "merchant", "unit": xicheng.pk},
    )
    donor = Donor.objects.get()
    client.post(
        reverse("community:donor-donation-add", args=[donor.pk]),
        {
            "unit": xicheng.pk,
            "kind": "goods",
            "amount": "2000",
            "description": "重阳节慰问品",
            "pledged_on": "2024-10-01",
        },
    )
    client.post(
        reverse("community:donor-service-add", args=[donor.pk]),
        {"name": "老年人助餐", "unit": xicheng.pk, "model": "low_fee", "since": "2024-06-01"},
    )
    assert Donation.objects.get().amount == 2000
    page = client.get(donor.get_absolute_url()).content.decode()
    assert "重阳节慰问品" in page and "公益+低偿" in page


def test_task_7_checklist_needs_evidence_to_be_marked_done(client, demo, demo_users):
    point = ChecklistPoint.objects.get(name="慈善组织体系")
    assert ChecklistPoint.objects.filter(program=demo).count() == 11  # 6 systems, 5 mechanisms
    office = demo_users["office"]
    with pytest.raises(ValidationError):
        services.checklist_mark(actor=office, point=point, is_done=True, note="")
    with pytest.raises(PermissionDenied):
        services.checklist_mark(actor=demo_users["street"], point=point, is_done=False, note="")
    evidence = SimpleUploadedFile("体系文件.pdf", b"%PDF-1.4\n%%EOF\n")
    services.checklist_mark(
        actor=office, point=point, is_done=True, note="已印发", evidence=evidence
    )
    client.force_login(demo_users["street"])
    page = client.get(reverse("community:checklist", args=[demo.pk]))
    assert "1 / 11" in page.content.decode()


def test_activity_photos_are_checked_and_served_within_scope(client, demo_users, xicheng):
    from PIL import Image

    activity = make_activity(unit=xicheng, community=xicheng)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "PNG")
    client.force_login(demo_users["community"])
    client.post(
        reverse("activities:photo-add", args=[activity.pk]),
        {"files": [SimpleUploadedFile("现场.png", buffer.getvalue())]},
    )
    bad = client.post(
        reverse("activities:photo-add", args=[activity.pk]),
        {"files": [SimpleUploadedFile("病毒.png", b"MZ\x90\x00")]},
    )
    assert "内容与扩展名不符" in str(bad.context["form"].errors)
    photo = activity.photos.get()
    assert photo.thumbnail
    assert client.get(reverse("activities:photo-thumb", args=[photo.pk])).status_code == 200
    client.force_login(demo_users["agency"])
    assert client.get(reverse("activities:photo-file", args=[photo.pk])).status_code == 404
