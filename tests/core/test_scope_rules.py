"""One declared scope per model decides lists, detail pages and actions alike: a record a list
shows always opens, a record outside answers 404."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.activities.models import Activity, Decision
from gongzhi.cases.models import Case, Publicity
from gongzhi.community.models import (
    Donor,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
)
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import ROLE_SPECS, Role
from gongzhi.core.views import ScopedDetailView, ScopedListView
from gongzhi.evaluation.models import Round
from gongzhi.orgs.models import Unit
from gongzhi.orgs.selectors import region_of
from gongzhi.programs.models import Program
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.selfgov.models import DutyList, Matter
from gongzhi.services.models import ServiceProject
from gongzhi.smart.models import Alarm, ElevatorDevice
from gongzhi.supervision.models import SupervisionAssignment
from gongzhi.surveys.models import Survey
from tests.activities.test_signin import make_activity
from tests.cases.helpers import make_case, make_publicity
from tests.conftest import make_user
from tests.url_walk import named_views

_serial = itertools.count()


def _organisation(unit, name="组织"):
    return SocialOrganization.objects.create(
        name=f"{name}{next(_serial)}", unit=unit, category="charity", filing="filed"
    )


# --- the two lock-outs the declared scope fixed --------------------------------------------


@pytest.fixture
def linked_org(tree):
    """An organisation homed in 甲二社区, linked to 甲一社区."""
    org = _organisation(tree.community_a2, "链接组织")
    OrgLink.objects.create(organization=org, community=tree.community_a1, since="2024-01-01")
    return org


def test_an_organisation_linked_to_a_community_is_listed_and_opens_for_it(
    client, linked_org, community_user
):
    client.force_login(community_user)
    listed = client.get(reverse("community:org-list")).context["object_list"]
    assert linked_org in listed
    assert client.get(reverse("community:org-detail", args=[linked_org.pk])).status_code == 200


def test_a_linked_community_reads_the_organisation_but_may_not_change_it(
    client, linked_org, community_user
):
    client.force_login(community_user)
    assert client.get(reverse("community:org-edit", args=[linked_org.pk])).status_code == 403
    assert client.get(reverse("community:org-link-add", args=[linked_org.pk])).status_code == 403


def test_an_organisation_linked_twice_is_listed_once(linked_org, tree, community_user):
    OrgLink.objects.create(organization=linked_org, community=tree.community_a1, since="2025-01-01")
    OrgLink.objects.create(organization=linked_org, community=tree.grid_a1, since="2025-01-01")
    visible = SocialOrganization.objects.visible_to(community_user, "community.view")
    assert list(visible.filter(pk=linked_org.pk)) == [linked_org]


def test_an_organisation_linked_elsewhere_stays_out_of_reach(client, tree, linked_org):
    outsider = make_user("b1_keeper", Role.COMMUNITY, tree.community_b1)
    client.force_login(outsider)
    assert linked_org not in client.get(reverse("community:org-list")).context["object_list"]
    assert client.get(reverse("community:org-detail", args=[linked_org.pk])).status_code == 404


@pytest.fixture
def decision_for_a1(tree):
    """A decision taken at a meeting of 甲二社区 that 甲一社区 must carry out."""
    return Decision.objects.create(
        activity=make_activity(unit=tree.community_a2),
        text="落实场地",
        owner=tree.community_a1,
        due="2030-01-01",
    )


def test_the_unit_responsible_for_a_decision_sees_and_closes_it(
    client, decision_for_a1, community_user
):
    assert decision_for_a1 in Decision.objects.visible_to(community_user)
    client.force_login(community_user)
    url = reverse("activities:decision-close", args=[decision_for_a1.pk])
    assert client.post(url, {"note": "已落实"}).status_code == 302
    decision_for_a1.refresh_from_db()
    assert decision_for_a1.closed_at is not None


def test_a_decision_of_other_units_answers_not_found(client, tree, decision_for_a1):
    outsider = make_user("b1_member", Role.COMMUNITY, tree.community_b1)
    client.force_login(outsider)
    url = reverse("activities:decision-close", args=[decision_for_a1.pk])
    assert client.post(url, {"note": "已落实"}).status_code == 404
    decision_for_a1.refresh_from_db()
    assert decision_for_a1.closed_at is None


# --- every list row opens; everything else answers 404 -------------------------------------


def _role_at(unit):
    return {
        "county": Role.PROGRAM_OFFICE,
        "department": Role.CITY_DEPARTMENT,
        "street": Role.STREET,
        "community": Role.COMMUNITY,
        "agency": Role.AGENCY,
        "third_party": Role.THIRD_PARTY,
    }.get(unit.kind)


def _users_in(tree, unit):
    role = _role_at(unit)
    return [make_user(f"member_{next(_serial)}", role, unit)] if role else []


def _audit_in(tree, unit):
    return [audit_record(actor=None, action=Action.UPDATE, unit=unit, message="x")]


def _programs(tree, unit):
    if unit != tree.region:  # one program per region: this one, and one of another region
        return []
    other = Unit.objects.add_unit(None, name="另一市", kind="county")
    return [
        Program.objects.create(
            code=f"p-{next(_serial)}", name="项目", year=2024, region=region, office_unit=region
        )
        for region in (tree.region, other)
    ]


def _linked_org_in(tree, unit):
    org = _organisation(unit)
    if unit.kind == "community":  # also link it to a community of the other street
        other = tree.community_b1 if unit != tree.community_b1 else tree.community_a1
        OrgLink.objects.create(organization=org, community=other, since="2024-01-01")
    return [org]


def _need_in(unit):
    category, _ = NeedCategory.objects.get_or_create(region=region_of(unit), name="其他")
    return Need.objects.create(
        community=unit,
        handler=unit,
        category=category,
        description="路灯坏了",
        channel="phone",
        due="2030-01-01",
        submitted_at=timezone.now(),
    )


def _survey_in(unit):
    return Survey.objects.create(
        unit=unit,
        title="满意度调查",
        kind="satisfaction",
        opens_on="2024-01-01",
        closes_on="2024-12-31",
        created_by=make_user(f"s{next(_serial)}", Role.PROGRAM_OFFICE, unit),
    )


def _service_project_in(tree, unit):
    """Bought by the unit from the other agency; for an agency, delivered by it."""
    buyer, agency = (tree.community_b1, unit) if unit.kind == "agency" else (unit, tree.agency_b)
    return [
        ServiceProject.objects.create(
            program=Program.objects.get_or_create(
                code="services",
                defaults={
                    "name": "项目",
                    "year": 2024,
                    "region": tree.region,
                    "office_unit": tree.civil,
                },
            )[0],
            buyer=buyer,
            agency=agency,
            title=f"服务{next(_serial)}",
            method="inquiry",
            starts_on="2024-01-01",
            ends_on="2024-12-31",
            created_by=make_user(f"buyer_{next(_serial)}", Role.PROGRAM_OFFICE, tree.civil),
        )
    ]


def _supervision_in(tree, unit):
    """Supervised by the unit (a third party's project bought by 乙一社区), else the project
    bought or delivered by the unit, supervised by 乙评估机构."""
    if unit.kind == "third_party":
        project, third_party = _service_project_in(tree, tree.community_b1)[0], unit
    else:
        project, third_party = _service_project_in(tree, unit)[0], tree.evaluator_b
    return [
        SupervisionAssignment.objects.create(
            project=project, third_party=third_party, created_by=project.created_by
        )
    ]


def _device_in(tree, unit):
    number = next(_serial)
    return ElevatorDevice.objects.create(
        community=unit,
        building="1栋",
        name=f"电梯{number}",
        registration_code=f"REG{number:08d}",
        key_hash=f"{number:064d}",
        secret="s",
    )


def _alarm_in(tree, unit):
    moment = timezone.now()
    device = _device_in(tree, unit)
    return Alarm.objects.create(
        device=device,
        sequence=1,
        fault="trapped",
        running_state="stopped",
        occurred_at=moment,
        channel="mqtt",
        received_at=moment,
        responsible=unit,
    )


def _round_in(tree, unit):
    """The unit's assessment round (one per unit and program)."""
    from gongzhi.evaluation.models import Round
    from gongzhi.evaluation.services import table_default

    program = Program.objects.get_or_create(
        code="evaluation",
        defaults={"name": "项目", "year": 2024, "region": tree.region, "office_unit": tree.civil},
    )[0]
    Round.objects.filter(program=program, unit=unit).delete()
    author = make_user(f"e{next(_serial)}", Role.PROGRAM_OFFICE, tree.civil)
    return [
        Round.objects.create(
            program=program, table=table_default(program), unit=unit, created_by=author
        )
    ]


# How to put records of each listed model in a unit: a new list/detail pair must add its own.
RECORDS_IN = {
    Unit: lambda tree, unit: [unit],
    User: _users_in,
    AuditEntry: _audit_in,
    Program: _programs,
    SocialOrganization: _linked_org_in,
    Station: lambda tree, unit: [
        Station.objects.create(name=f"站点{next(_serial)}", kind="town", unit=unit)
    ],
    SocialWorker: lambda tree, unit: [
        SocialWorker.objects.create(name=f"社工{next(_serial)}", unit=unit)
    ],
    Volunteer: lambda tree, unit: [
        Volunteer.objects.create(name="志愿者", unit=unit, phone=f"139{next(_serial):08d}")
    ],
    Donor: lambda tree, unit: [
        Donor.objects.create(name=f"商家{next(_serial)}", kind="merchant", unit=unit)
    ],
    Activity: lambda tree, unit: [make_activity(unit=unit)],
    ServiceProject: _service_project_in,
    SupervisionAssignment: _supervision_in,
    ElevatorDevice: lambda tree, unit: [_device_in(tree, unit)],
    Alarm: lambda tree, unit: [_alarm_in(tree, unit)],
    Round: _round_in,
    Need: lambda tree, unit: [_need_in(unit)],
    Survey: lambda tree, unit: [_survey_in(unit)],
    DutyList: lambda tree, unit: [
        DutyList.objects.create(
            unit=unit,
            kind="lawful",
            adopted_on="2024-04-01",
            created_by=make_user(f"d{next(_serial)}", Role.COMMUNITY, unit),
        )
    ],
    Matter: lambda tree, unit: [
        Matter.objects.create(
            unit=unit,
            title="事项",
            kind="project",
            created_by=make_user(f"m{next(_serial)}", Role.COMMUNITY, unit),
        )
    ],
    Case: lambda tree, unit: [make_case(unit)],
    Publicity: lambda tree, unit: [make_publicity(unit)],
}


def _list_detail_pairs():
    views = dict(named_views())
    lists = {
        view.model: name
        for name, view in views.items()
        if issubclass(view, ScopedListView) and name.endswith("-list")
    }
    details = {
        view.model: name
        for name, view in views.items()
        if issubclass(view, ScopedDetailView) and name.endswith("-detail")
    }
    return [(model, lists[model], details[model]) for model in lists if model in details]


PAIRS = _list_detail_pairs()


def test_every_list_and_detail_pair_is_covered():
    assert len(PAIRS) >= 10
    missing = [model.__name__ for model, _list, _detail in PAIRS if model not in RECORDS_IN]
    assert missing == [], f"say how to put records of these models in a unit: {missing}"


@pytest.mark.parametrize(
    ("model", "list_name", "detail_name"), PAIRS, ids=[detail for _m, _l, detail in PAIRS]
)
def test_every_listed_record_opens_and_records_outside_answer_not_found(
    client, tree, users, model, list_name, detail_name
):
    def listed(response):
        return [record.pk for record in response.context["object_list"]]

    _check_pair(client, tree, users, model, list_name, detail_name, listed, {})


def _api_pairs():
    from gongzhi.api import endpoints  # noqa: F401  (fills the registry)
    from gongzhi.api.registry import ROUTES

    return [
        (route.viewset.model, f"api:{route.basename}-list", f"api:{route.basename}-detail")
        for route in ROUTES
        if route.viewset.model in RECORDS_IN
    ]


API_PAIRS = _api_pairs()


def test_the_api_has_list_and_detail_pairs_to_check():
    assert len(API_PAIRS) >= 8


@pytest.mark.parametrize(
    ("model", "list_name", "detail_name"), API_PAIRS, ids=[d for _m, _l, d in API_PAIRS]
)
def test_every_record_the_api_lists_opens_and_records_outside_answer_not_found(
    client, tree, users, model, list_name, detail_name
):
    def listed(response):
        return [record["id"] for record in response.json()["results"]]

    _check_pair(client, tree, users, model, list_name, detail_name, listed, {"page_size": 200})


def _check_pair(client, tree, users, model, list_name, detail_name, listed, query):
    records = [record for unit in Unit.objects.all() for record in RECORDS_IN[model](tree, unit)]
    failures = []
    for role, user in users.items():
        client.force_login(user)
        listing = client.get(reverse(list_name), query)
        if listing.status_code == 403:
            continue  # the role may not open this list at all
        shown = listed(listing)
        assert shown, f"{role} sees an empty {list_name}: the test proves nothing"
        for pk in shown:
            status = client.get(reverse(detail_name, args=[pk])).status_code
            if status != 200:
                failures.append(f"{role}: listed {model.__name__} {pk} answers {status}")
        visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
        outside = [record for record in records if record.pk not in visible]
        for record in outside:
            status = client.get(reverse(detail_name, args=[record.pk])).status_code
            if status != 404:
                failures.append(f"{role}: {record!r} outside answers {status}")
    assert failures == []


@pytest.mark.parametrize("model", list(RECORDS_IN), ids=lambda model: model.__name__)
def test_the_ids_in_reach_are_those_the_scope_reads(tree, users, model):
    """`ids_visible_to` (a subquery for `IN` from other tables) reads what `visible_to` does."""
    for unit in Unit.objects.all():
        RECORDS_IN[model](tree, unit)
    assert model.objects.exists()
    for role, user in users.items():
        for perm in (None, *sorted(ROLE_SPECS[role].perms)[:3]):
            by_ids = model.objects.filter(pk__in=model.objects.ids_visible_to(user, perm))
            assert set(by_ids) == set(model.objects.visible_to(user, perm)), (role, perm)


def test_the_tasks_in_reach_are_those_the_scope_reads(tree, users, program):
    """Tasks are reached through their assignments (a to-many link): by ids, a task assigned to
    two units in reach is read once, and one assigned elsewhere not at all."""
    from gongzhi.programs.models import Assignment, Task

    homes = [(tree.civil, tree.street_a), (tree.community_a1, tree.community_a2), (tree.street_b,)]
    for number, units in enumerate(homes, start=1):
        task = Task.objects.create(
            program=program, kind="city", number=number, text="任务", due="2024-06-30"
        )
        for role, unit in zip(("lead", "co"), units, strict=False):
            Assignment.objects.create(task=task, unit=unit, role=role)
    for role, user in users.items():
        by_ids = Task.objects.filter(pk__in=Task.objects.ids_visible_to(user)).order_by("pk")
        assert list(by_ids) == list(Task.objects.visible_to(user).order_by("pk")), role
    assert Task.objects.filter(pk__in=Task.objects.ids_visible_to(users[Role.STREET])).count() == 2
