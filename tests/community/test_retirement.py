"""Correcting and retiring registry records: edit pages for every kind, 停用 with a reason
instead of deleting, 恢复 by the program office, and deactivated records out of lists, counts,
choices and exports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.community import retirement
from gongzhi.community.forms import BrandProjectForm, VolunteerForm, WorkerForm
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    Donation,
    Donor,
    ExamRecord,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.community.registries import REGISTRIES
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.programs import counters


def _donor(unit, name="商家"):
    return Donor.objects.create(name=name, kind="merchant", unit=unit)


BUILDERS = {
    "org": lambda u: SocialOrganization.objects.create(
        name="组织", unit=u, category="charity", filing="filed"
    ),
    "station": lambda u: Station.objects.create(name="社工室", kind="room", unit=u),
    "brand": lambda u: BrandProject.objects.create(name="项目", unit=u, year=2024),
    "worker": lambda u: SocialWorker.objects.create(name="社工", unit=u),
    "volunteer": lambda u: Volunteer.objects.create(name="志愿者", unit=u, phone="13900000001"),
    "team": lambda u: VolunteerTeam.objects.create(name="服务队", unit=u),
    "donor": _donor,
    "donation": lambda u: Donation.objects.create(
        donor=_donor(u), unit=u, kind="money", description="捐款", pledged_on="2024-05-01"
    ),
    "service": lambda u: CharityService.objects.create(
        provider=_donor(u), unit=u, name="理发", model="low_fee", since="2024-05-01"
    ),
}
LISTS = {
    "org": "community:org-list",
    "station": "community:station-list",
    "brand": "community:brand-list",
    "worker": "community:worker-list",
    "volunteer": "community:volunteer-list",
    "donor": "community:donor-list",
}


def _deactivate(client, record, reason="重复登记"):
    return client.post(record.deactivate_url(), {"reason": reason})


def _fresh(record):
    return type(record).objects.get(pk=record.pk)


# --- 停用 and 恢复 ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_a_keeper_deactivates_with_a_reason_and_the_office_restores(
    client, tree, users, office, kind
):
    record = BUILDERS[kind](tree.community_a1)
    client.force_login(users[Role.COMMUNITY])
    page = client.get(record.deactivate_url())
    assert page.status_code == 200 and "停用原因" in page.content.decode()

    refused = _deactivate(client, record, reason="  ")
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    assert not _fresh(record).is_deactivated

    response = _deactivate(client, record)
    assert response.status_code == 302
    retired = _fresh(record)
    assert retired.is_deactivated and retired.deactivation_reason == "重复登记"
    assert retired.deactivated_by == users[Role.COMMUNITY]
    entry = AuditEntry.objects.filter(object_id=str(record.pk), action="transition").get(
        object_type=record._meta.label_lower
    )
    assert entry.before["deactivated_at"] is None and entry.after["deactivated_at"]
    assert entry.message == "停用：重复登记"

    # the community cannot undo it; only the program office can
    assert client.post(record.restore_url()).status_code == 403
    assert _fresh(record).is_deactivated
    client.force_login(office)
    assert client.post(record.restore_url()).status_code == 302
    restored = _fresh(record)
    assert not restored.is_deactivated and restored.deactivation_reason == ""
    entries = AuditEntry.objects.filter(object_id=str(record.pk), action="transition")
    assert entries.filter(object_type=record._meta.label_lower).count() == 2


@pytest.mark.parametrize("kind", ["volunteer", "donation"])
def test_deactivating_is_refused_outside_ones_units_and_without_the_permission(
    client, tree, users, kind
):
    record = BUILDERS[kind](tree.community_a2)
    client.force_login(users[Role.COMMUNITY])  # seated at 甲一社区, a sibling
    assert _deactivate(client, record).status_code == 404
    client.force_login(users[Role.FINANCE])  # reads the region's registries, keeps none
    assert _deactivate(client, record).status_code == 403
    client.force_login(users[Role.STREET])  # the street above keeps it and restores nothing
    assert _deactivate(client, record).status_code == 302
    assert client.post(record.restore_url()).status_code == 403
    assert _fresh(record).is_deactivated


def test_the_service_refuses_twice_and_the_database_wants_a_reason(tree, users):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    volunteer = BUILDERS["volunteer"](tree.community_a1)
    actor = users[Role.COMMUNITY]
    retirement.deactivate(actor=actor, record=volunteer, reason="迁出")
    with pytest.raises(ValidationError):
        retirement.deactivate(actor=actor, record=volunteer, reason="迁出")
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=volunteer.pk).update(deactivation_reason="")


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_deactivated_records_leave_the_list_unless_asked_for(client, tree, users, kind):
    record = BUILDERS[kind](tree.community_a1)
    client.force_login(users[Role.COMMUNITY])
    url = reverse(LISTS[kind])
    assert client.get(url).context["object_list"].count() == 1
    _deactivate(client, record)
    assert client.get(url).context["object_list"].count() == 0
    shown = client.get(url, {"retired": "with"})
    assert [row.pk for row in shown.context["object_list"]] == [record.pk]
    assert "已停用" in shown.content.decode()
    assert client.get(url, {"retired": "only"}).context["object_list"].count() == 1


def test_a_deactivated_record_is_not_changed_nor_added_to(client, tree, users):
    worker = BUILDERS["worker"](tree.community_a1)
    client.force_login(users[Role.COMMUNITY])
    _deactivate(client, worker, reason="离职")
    page = client.get(worker.get_absolute_url()).content.decode()
    assert "离职" in page and reverse("community:worker-edit", args=[worker.pk]) not in page
    response = client.post(
        reverse("community:worker-edit", args=[worker.pk]),
        {"name": "改名", "unit": tree.community_a1.pk, "qualification": "none"},
    )
    assert "已停用" in str(response.context["form"].non_field_errors())
    client.post(
        reverse("community:worker-exam-add", args=[worker.pk]),
        {"year": 2024, "level": "assistant", "result": "passed"},
    )
    assert _fresh(worker).name == "社工" and not ExamRecord.objects.exists()


# --- edit pages --------------------------------------------------------------------------


EDITS = {
    "worker-edit": (
        "worker",
        lambda t: {"name": "王社工", "unit": t.community_a1.pk, "qualification": "assistant"},
        "name",
        "王社工",
    ),
    "volunteer-edit": (
        "volunteer",
        lambda t: {"name": "李四", "unit": t.community_a1.pk, "phone": "139****0001"},
        "name",
        "李四",
    ),
    "team-edit": (
        "team",
        lambda t: {"name": "红袖标", "unit": t.community_a1.pk},
        "name",
        "红袖标",
    ),
    "donor-edit": (
        "donor",
        lambda t: {"name": "好邻居超市", "kind": "merchant", "unit": t.community_a1.pk},
        "name",
        "好邻居超市",
    ),
    "donation-edit": (
        "donation",
        lambda t: {
            "unit": t.community_a1.pk,
            "kind": "goods",
            "amount": "250.00",
            "description": "米面油",
            "pledged_on": "2024-05-01",
            "received_on": "2024-05-03",
        },
        "description",
        "米面油",
    ),
    "service-edit": (
        "service",
        lambda t: {
            "name": "便民理发",
            "unit": t.community_a1.pk,
            "model": "free",
            "since": "2024-05-01",
        },
        "name",
        "便民理发",
    ),
    "brand-edit": (
        "brand",
        lambda t: {
            "name": "邻里节",
            "unit": t.community_a1.pk,
            "year": 2024,
            "communities": [t.community_a1.pk],
        },
        "name",
        "邻里节",
    ),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_every_kind_is_edited_with_its_create_form_and_audited(client, tree, users, name):
    kind, data, field, value = EDITS[name]
    record = BUILDERS[kind](tree.community_a1)
    url = reverse(f"community:{name}", args=[record.pk])
    client.force_login(users[Role.COMMUNITY])
    assert client.get(url).status_code == 200
    response = client.post(url, data(tree))
    assert response.status_code == 302, response.context["form"].errors
    assert getattr(_fresh(record), field) == value
    entry = AuditEntry.objects.get(
        object_type=record._meta.label_lower, object_id=str(record.pk), action="update"
    )
    assert entry.after[field] == value and entry.before[field] != value

    other = BUILDERS[kind](tree.community_b1)
    assert client.get(reverse(f"community:{name}", args=[other.pk])).status_code == 404
    client.force_login(users[Role.THIRD_PARTY])
    assert client.get(url).status_code == 404
    client.force_login(users[Role.FINANCE])
    assert client.get(url).status_code == 403


def test_editing_a_volunteer_keeps_the_stored_phone_and_id_unless_new_ones_are_typed(
    client, tree, users
):
    volunteer = Volunteer.objects.create(
        name="张三", unit=tree.community_a1, phone="13900000001", id_number="510681199001011230"
    )
    url = reverse("community:volunteer-edit", args=[volunteer.pk])
    client.force_login(users[Role.COMMUNITY])
    form = client.get(url).context["form"]
    masked_phone = form["phone"].value()
    masked_id = str(form["id_number"].value())
    page = client.get(url).content.decode()
    assert "13900000001" not in page and "510681199001011230" not in page
    data = {"name": "张三", "unit": tree.community_a1.pk, "phone": masked_phone}
    response = client.post(url, {**data, "id_number": masked_id, "skills": "摄影"})
    assert response.status_code == 302, response.context["form"].errors
    kept = _fresh(volunteer)
    assert (kept.phone.reveal(), kept.id_number.reveal(), kept.skills) == (
        "13900000001",
        "510681199001011230",
        "摄影",
    )
    client.post(url, {**data, "phone": "13700000002", "id_number": masked_id})
    assert _fresh(volunteer).phone.reveal() == "13700000002"


# --- the community's own social workers ----------------------------------------------------


def test_a_community_registers_its_own_social_worker(client, tree, users):
    client.force_login(users[Role.COMMUNITY])
    form = client.get(reverse("community:worker-create")).context["form"]
    employers = set(form.fields["unit"].queryset)
    assert tree.community_a1 in employers and tree.agency_a not in employers
    assert form["unit"].initial == tree.community_a1.pk
    response = client.post(
        reverse("community:worker-create"),
        {
            "name": "持证社工",
            "unit": tree.community_a1.pk,
            "phone": "13800000003",
            "qualification": "assistant",
            "communities": [tree.community_a1.pk],
            "is_active": "on",
        },
    )
    worker = SocialWorker.objects.get(name="持证社工")
    assert response.url == worker.get_absolute_url()
    assert worker.unit == tree.community_a1


def test_a_community_reads_the_agency_workers_serving_it_but_keeps_only_its_own(
    client, tree, users
):
    served = SocialWorker.objects.create(name="驻点社工", unit=tree.agency_a)
    served.communities.add(tree.community_a1)
    SocialWorker.objects.create(name="别处社工", unit=tree.agency_a)
    client.force_login(users[Role.COMMUNITY])
    listed = client.get(reverse("community:worker-list")).context["object_list"]
    assert [worker.name for worker in listed] == ["驻点社工"]
    assert client.get(served.get_absolute_url()).status_code == 200
    edit = reverse("community:worker-edit", args=[served.pk])
    assert client.get(edit).status_code == 403
    # the agency's own keeper still chooses its agency
    assert tree.agency_a in set(WorkerForm(actor=users[Role.AGENCY]).fields["unit"].queryset)


# --- choices, counts and exports -----------------------------------------------------------


def test_choices_offer_records_in_use_and_keep_those_a_record_holds(tree, users):
    actor = users[Role.COMMUNITY]
    kept, retired = (VolunteerTeam.objects.create(name=n, unit=tree.community_a1) for n in "甲乙")
    volunteer = BUILDERS["volunteer"](tree.community_a1)
    volunteer.teams.add(kept)
    for team in (kept, retired):
        retirement.deactivate(actor=actor, record=team, reason="解散")
    assert set(VolunteerForm(actor=actor).fields["teams"].queryset) == set()
    assert set(VolunteerForm(actor=actor, instance=volunteer).fields["teams"].queryset) == {kept}
    org = BUILDERS["org"](tree.community_a1)
    retirement.deactivate(actor=actor, record=org, reason="注销")
    assert org not in set(BrandProjectForm(actor=actor).fields["organization"].queryset)


def _counted(name, program, unit, **args):
    return counters.get(name).compute(program, [unit], args)[unit.pk]


def test_counters_leave_out_deactivated_records(tree, users, program):
    community, actor = tree.community_a1, users[Role.COMMUNITY]
    day = datetime.date(program.year, 6, 1)
    volunteers = [
        Volunteer.objects.create(name=f"志愿者{n}", unit=community, phone=f"1390000000{n}")
        for n in range(2)
    ]
    for volunteer in volunteers:
        VolunteerHours.objects.create(
            volunteer=volunteer, date=day, hours=3, logged_by=actor, confirmed_at=timezone.now()
        )
    donations = [
        Donation.objects.create(
            donor=_donor(community, f"商家{n}"),
            unit=community,
            kind="money",
            amount=100,
            description="捐款",
            pledged_on=day,
            received_on=day,
        )
        for n in range(2)
    ]
    orgs = [
        SocialOrganization.objects.create(
            name=f"组织{n}", unit=community, category="charity", filing="filed"
        )
        for n in range(2)
    ]
    before = {
        name: _counted(name, program, community)
        for name in ("community.volunteers", "community.volunteer_hours", "community.orgs")
    }
    before["community.donations"] = _counted("community.donations", program, community)
    assert before == {
        "community.volunteers": 2,
        "community.volunteer_hours": 6,
        "community.orgs": 2,
        "community.donations": 2,
    }
    for record in (volunteers[0], donations[0], orgs[0]):
        retirement.deactivate(actor=actor, record=record, reason="重复登记")
    assert _counted("community.volunteers", program, community) == 1
    assert _counted("community.volunteer_hours", program, community) == 3
    assert _counted("community.orgs", program, community) == 1
    assert _counted("community.donations", program, community) == 1


def test_exports_leave_out_deactivated_records(tree, users):
    actor = users[Role.COMMUNITY]
    kept = BUILDERS["volunteer"](tree.community_a1)
    gone = Volunteer.objects.create(name="已迁出", unit=tree.community_a1, phone="13900000009")
    retirement.deactivate(actor=actor, record=gone, reason="迁出")
    registry = REGISTRIES["volunteers"]
    rows = list(registry.export_rows(Volunteer.objects.visible_to(actor)))
    assert [row[0] for row in rows] == [kept.name]


def test_hours_of_a_deactivated_volunteer_wait_for_nobody(tree, users):
    from gongzhi.community import work
    from gongzhi.core.access import access_for

    community, office = users[Role.COMMUNITY], users[Role.PROGRAM_OFFICE]
    volunteer = BUILDERS["volunteer"](tree.community_a1)
    VolunteerHours.objects.create(volunteer=volunteer, date="2024-05-01", hours=2, logged_by=office)
    today = datetime.date(2024, 6, 1)
    assert work.my_hours(community, access_for(community), today).total == 1
    retirement.deactivate(actor=community, record=volunteer, reason="重复登记")
    assert work.my_hours(community, access_for(community), today).total == 0


def test_a_deactivated_organisation_offers_no_forms_on_its_page(client, tree, users):
    org = BUILDERS["org"](tree.community_a1)
    client.force_login(users[Role.COMMUNITY])
    assert client.get(org.get_absolute_url()).context["link_form"] is not None
    _deactivate(client, org)
    page = client.get(org.get_absolute_url())
    assert page.context["link_form"] is None
    assert reverse("community:org-edit", args=[org.pk]) not in page.content.decode()
    assert "如需恢复，请联系工作组办公室" in page.content.decode()
