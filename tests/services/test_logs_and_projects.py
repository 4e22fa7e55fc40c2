"""The service log (who may write it, what it may say), deliverables counted from it, the
ledger's counters, scoping of projects and logs, and money kept as Decimal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.community.models import SocialWorker
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Perm, Role
from gongzhi.programs import counters
from gongzhi.services import services
from gongzhi.services.models import Deliverable, LogPhoto, ServiceLog, ServiceProject
from gongzhi.services.stats import deliverables_progress
from tests.conftest import make_user
from tests.services.conftest import make_log, make_project

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def new_log(project, worker, **extra):
    fields = {
        "community": project.buyer,
        "kind": "group",
        "date": datetime.date(2024, 5, 6),
        "beneficiaries": 8,
        "hours": Decimal("2.0"),
        "description": "亲子小组第一节",
        **extra,
    }
    return ServiceLog(project=project, worker=worker, **fields)


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.AGENCY])
def test_the_agencys_people_log_services_with_photos(users, project, worker, role):
    photo = SimpleUploadedFile("签到表.png", PNG, content_type="image/png")
    log = services.log_create(actor=users[role], log=new_log(project, worker), files=[photo])
    assert log.pk and log.created_by == users[role]
    assert LogPhoto.objects.filter(log=log).count() == 1
    assert AuditEntry.objects.filter(object_type="services.servicelog", action="create").exists()


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.STREET, Role.THIRD_PARTY, Role.FINANCE])
def test_others_do_not_log(users, project, worker, role):
    with pytest.raises(PermissionDenied):
        services.log_create(actor=users[role], log=new_log(project, worker))


def test_another_agency_does_not_log(project, worker, agency_b_user):
    with pytest.raises(PermissionDenied):
        services.log_create(actor=agency_b_user, log=new_log(project, worker))


@pytest.mark.parametrize(
    "change, field",
    [
        ({"community": "community_b1"}, "community"),
        ({"community": "street_a"}, "community"),
        ({"date": datetime.date(2024, 2, 1)}, "date"),
        ({"date": datetime.date(2100, 2, 1)}, "date"),
        ({"hours": Decimal("-1")}, "hours"),
        ({"worker": "other"}, "worker"),
    ],
)
def test_a_bad_log_is_refused_naming_the_field(tree, worker_user, project, worker, change, field):
    extra = {}
    for name, value in change.items():
        if value == "other":
            value = SocialWorker.objects.create(name="乙社工", unit=tree.agency_b)
        elif isinstance(value, str):
            value = getattr(tree, value)
        extra[name] = value
    log = new_log(project, extra.pop("worker", worker), **extra)
    with pytest.raises(ValidationError) as refused:
        services.log_create(actor=worker_user, log=log)
    assert field in refused.value.message_dict
    assert not ServiceLog.objects.exists()


def test_deliverables_are_counted_from_the_log(office, project, worker, worker_user):
    add = services.deliverable_add
    cases = add(
        actor=office, project=project, name="个案", kind="case", measure="services", target=5
    )
    people = add(
        actor=office, project=project, name="受益人次", kind="", measure="beneficiaries", target=100
    )
    hours = add(
        actor=office, project=project, name="小组时长", kind="group", measure="hours", target=3
    )
    make_log(project, worker, worker_user, kind="case", beneficiaries=1, hours=Decimal("1.5"))
    make_log(project, worker, worker_user, kind="case", beneficiaries=2, hours=Decimal("1.0"))
    make_log(project, worker, worker_user, kind="group", beneficiaries=10, hours=Decimal("2.5"))
    make_log(project, worker, worker_user, kind="group", beneficiaries=9, hours=Decimal("1.0"))
    other = make_project(project.program, project.buyer, project.agency, office)
    make_log(other, worker, worker_user, kind="case", beneficiaries=50)
    actual = {row.deliverable.pk: row.actual for row in deliverables_progress(project)}
    assert actual == {cases.pk: Decimal(2), people.pk: Decimal(22), hours.pk: Decimal("3.5")}
    progress = {row.deliverable.pk: row for row in deliverables_progress(project)}
    assert progress[cases.pk].percent == 40 and not progress[cases.pk].met
    assert progress[hours.pk].met and progress[hours.pk].percent == 100


def test_deliverables_are_kept_by_the_buyer_only(users, project):
    for role in (Role.AGENCY, Role.SOCIAL_WORKER, Role.FINANCE):
        with pytest.raises(PermissionDenied):
            services.deliverable_add(
                actor=users[role],
                project=project,
                name="个案",
                kind="case",
                measure="services",
                target=5,
            )
    with pytest.raises(ValidationError):
        services.deliverable_add(
            actor=users[Role.COMMUNITY],
            project=project,
            name="个案",
            kind="case",
            measure="services",
            target=-1,
        )
    assert not Deliverable.objects.exists()


def test_the_ledger_counts_services_by_kind(tree, program, project, worker, worker_user):
    make_log(project, worker, worker_user, kind="case", beneficiaries=1)
    make_log(project, worker, worker_user, kind="case", beneficiaries=3)
    make_log(project, worker, worker_user, kind="group", beneficiaries=10)
    make_log(project, worker, worker_user, kind="case", date=datetime.date(2023, 5, 1))
    units = [tree.street_a, tree.community_a1, tree.community_a2, tree.street_b]
    count = counters.get("services.count").compute
    assert count(program, units, {"kind": "case"}) == {
        tree.street_a.pk: 2,
        tree.community_a1.pk: 2,
        tree.community_a2.pk: 0,
        tree.street_b.pk: 0,
    }
    assert count(program, units, {})[tree.street_a.pk] == 3
    people = counters.get("services.beneficiaries").compute(program, units, {})
    assert people[tree.community_a1.pk] == 14
    assert counters.get("services.count").check_args({"kind": "nope"})


def test_scoping_of_projects_and_logs(tree, program, users, office, worker, agency_b_user):
    own = make_project(program, tree.community_a1, tree.agency_a, office, title="甲一")
    sibling = make_project(program, tree.community_a2, tree.agency_a, office, title="甲二")
    other = make_project(program, tree.community_b1, tree.agency_b, office, title="乙一")
    make_log(own, worker, office)

    def seen(user):
        return set(ServiceProject.objects.visible_to(user, Perm.VIEW_SERVICES))

    assert seen(users[Role.AGENCY]) == {own, sibling}
    assert seen(users[Role.SOCIAL_WORKER]) == {own, sibling}
    assert seen(agency_b_user) == {other}
    assert seen(users[Role.COMMUNITY]) == {own}
    assert seen(users[Role.STREET]) == {own, sibling}
    assert seen(users[Role.PROGRAM_OFFICE]) == seen(users[Role.FINANCE]) == {own, sibling, other}
    assert seen(users[Role.THIRD_PARTY]) == set()
    assert ServiceLog.objects.visible_to(agency_b_user).count() == 0
    assert ServiceLog.objects.visible_to(users[Role.COMMUNITY]).count() == 1
    a2 = make_user("a2", Role.COMMUNITY, tree.community_a2)
    assert ServiceLog.objects.visible_to(a2).count() == 0
    editable = ServiceProject.objects.editable_by(users[Role.AGENCY], Perm.MANAGE_SERVICES)
    assert not editable.exists()


def test_project_units_are_checked(tree, program, office):
    wrong_buyer = ServiceProject(
        program=program,
        buyer=tree.civil,
        agency=tree.agency_a,
        title="x",
        method="inquiry",
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 4, 1),
        created_by=office,
    )
    with pytest.raises(ValidationError) as refused:
        services.project_save(actor=office, project=wrong_buyer)
    assert "buyer" in refused.value.message_dict
    wrong_buyer.buyer, wrong_buyer.agency = tree.community_a1, tree.evaluator_a
    with pytest.raises(ValidationError) as refused:
        services.project_save(actor=office, project=wrong_buyer)
    assert "agency" in refused.value.message_dict


def test_amounts_are_decimal_yuan_with_two_places(tree, program, community_user):
    project = ServiceProject(
        program=program,
        buyer=tree.community_a1,
        agency=tree.agency_a,
        title="金额",
        method="single_source",
        amount=Decimal("0.10") + Decimal("0.20"),
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 4, 1),
        created_by=community_user,
    )
    services.project_save(actor=community_user, project=project)
    project.refresh_from_db()
    assert project.amount == Decimal("0.30") and isinstance(project.amount, Decimal)
    project.amount = Decimal("1.005")
    with pytest.raises(ValidationError) as refused:
        services.project_save(actor=community_user, project=project)
    assert "amount" in refused.value.message_dict
    project.amount = Decimal("-1")
    with pytest.raises(ValidationError):
        services.project_save(actor=community_user, project=project)


def test_plans_by_the_agency_venue_by_the_buyer(project, users):
    agency, community = users[Role.AGENCY], users[Role.COMMUNITY]
    services.plans_update(
        actor=agency, project=project, service_plan="计划", implementation_plan="方案"
    )
    with pytest.raises(PermissionDenied):
        services.plans_update(
            actor=community, project=project, service_plan="x", implementation_plan="y"
        )
    services.venue_update(actor=community, project=project, venue_commitment="社工室一间")
    with pytest.raises(PermissionDenied):
        services.venue_update(actor=agency, project=project, venue_commitment="x")
    project.refresh_from_db()
    assert (project.service_plan, project.venue_commitment) == ("计划", "社工室一间")
    assert AuditEntry.objects.filter(object_type="services.serviceproject").count() == 2
