"""Every URL × every role × the role's own, parent, sibling and child unit.

Each URL pattern must be declared in MATRIX; a new page without a declaration fails this test.
Expectations are written here by hand, independent of the permission code:
outside the user's units → 404, inside but not allowed for the role → 403, allowed → 200 (GET)
or a redirect (POST actions), anonymous → the login page.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongzhi.accounts.models import RoleGrant
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.roles import Role
from tests.conftest import make_user, seats

ALL_ROLES = frozenset(Role.values)
OFFICE = frozenset({Role.PROGRAM_OFFICE})
USER_VIEWERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.AGENCY})

# Which of the units around its own seat each role may see (written out, not computed).
VISIBLE = {
    Role.PROGRAM_OFFICE: {"own", "parent", "sibling", "child"},  # the whole region
    Role.FINANCE: {"own", "parent", "sibling", "child"},  # the whole region
    Role.CITY_DEPARTMENT: {"own", "child"},
    Role.STREET: {"own", "child"},
    Role.COMMUNITY: {"own", "child"},
    Role.AGENCY: {"own"},
    Role.SOCIAL_WORKER: {"own"},
    Role.THIRD_PARTY: {"own"},
}
RELATIONS = ("own", "parent", "sibling", "child")


def _unit_target(unit):
    return {"pk": unit.pk}


_serial = itertools.count()


def _user_target(unit):
    person = make_user(f"target_{next(_serial)}", _role_for(unit), unit)
    return {"pk": person.pk}


def _grant_target(unit):
    person = make_user(f"granted_{next(_serial)}", _role_for(unit), unit)
    return {"pk": RoleGrant.objects.get(user=person).pk}


def _audit_target(unit):
    return {"pk": audit_record(actor=None, action=Action.UPDATE, unit=unit, message="x").pk}


def _option_target(unit):
    return {"list_name": "activity_type", "code": "training"}


def _role_for(unit):
    by_kind = {
        "county": Role.PROGRAM_OFFICE,
        "department": Role.CITY_DEPARTMENT,
        "street": Role.STREET,
        "community": Role.COMMUNITY,
        "grid": Role.COMMUNITY,
        "agency": Role.AGENCY,
        "third_party": Role.THIRD_PARTY,
    }
    role = by_kind[unit.kind]
    if unit.kind == "grid":  # a grid holds no role of its own; seat the target at its community
        raise pytest.skip.Exception("no role is held at a grid")
    return role


# --- objects of the program ledger, built in (or for) a given unit -----------------------


def _program():
    from gongzhi.programs.models import Program

    return Program.objects.get(code="test-2024")


def _task_in(unit):
    from gongzhi.programs.models import Assignment, Task

    task = Task.objects.create(
        program=_program(), kind="city", number=next(_serial), text="任务", due="2030-01-01"
    )
    Assignment.objects.create(task=task, unit=unit, role="lead")
    return task


def _report_in(unit, state="draft"):
    from gongzhi.progress.models import Report

    author = make_user(f"author_{next(_serial)}", Role.PROGRAM_OFFICE, _program().office_unit)
    return Report.objects.create(
        task=_task_in(unit), unit=unit, author=author, text="进展", state=state
    )


def _evidence_in(unit, state="draft", public=False):
    from django.core.files.base import ContentFile

    from gongzhi.progress.models import Evidence

    report = _report_in(unit, state)
    evidence = Evidence(
        report=report,
        name="a.jpg",
        content_type="image/jpeg",
        size=3,
        uploaded_by=report.author,
        is_public=public,
    )
    evidence.file.save("a.jpg", ContentFile(b"abc"), save=False)
    evidence.thumbnail.save("t.jpg", ContentFile(b"abc"), save=False)
    evidence.save()
    return evidence


def _program_target(unit):
    return {"pk": _program().pk}


def _version_target(unit):
    from gongzhi.programs.models import ProgramVersion

    program = _program()
    number = next(_serial) + 1
    ProgramVersion.objects.create(program=program, number=number, document={"code": program.code})
    return {"pk": program.pk, "number": number}


def _task_target(unit):
    return {"pk": _task_in(unit).pk}


def _report_target(unit):
    return {"pk": _report_in(unit).pk}


def _pending_report_target(unit):
    """A report submitted into its chain (the chain is stored at submission)."""
    from gongzhi.progress.chain import store_chain

    report = _report_in(unit, state="pending")
    store_chain(report)
    return {"pk": report.pk}


def _evidence_target(unit):
    return {"pk": _evidence_in(unit).pk}


def _approved_evidence_target(unit):
    return {"pk": _evidence_in(unit, state="approved").pk}


def _public_program_target(unit):
    return {"code": _program().code}


def _public_evidence_target(unit):
    return {"pk": _evidence_in(unit, state="approved", public=True).pk}


def _org_in(unit):
    from gongzhi.community.models import SocialOrganization

    return SocialOrganization.objects.create(
        name=f"组织{next(_serial)}", unit=unit, category="charity", filing="filed"
    )


def _station_in(unit):
    from gongzhi.community.models import Station

    return Station.objects.create(name=f"站点{next(_serial)}", kind="town", unit=unit)


def _activity_in(unit):
    import datetime

    from django.utils import timezone

    from gongzhi.activities.models import Activity

    start = timezone.now()
    return Activity.objects.create(
        title="活动",
        type="training",
        unit=unit,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="社区",
        created_by=_program_author(),
    )


def _meeting_in(unit):
    """A 供需对接会 held in the unit (as its community)."""
    meeting = _activity_in(unit)
    meeting.type, meeting.community = "supply_demand", unit
    meeting.save()
    return meeting


def _program_author():
    return make_user(f"organiser_{next(_serial)}", Role.PROGRAM_OFFICE, _program().office_unit)


def _decision_in(unit):
    from gongzhi.activities.models import Decision

    return Decision.objects.create(
        activity=_activity_in(unit), text="落实场地", owner=unit, due="2030-01-01"
    )


def _worker_in(unit):
    from gongzhi.community.models import SocialWorker

    return SocialWorker.objects.create(name=f"社工{next(_serial)}", unit=unit)


def _volunteer_in(unit):
    from gongzhi.community.models import Volunteer

    return Volunteer.objects.create(name="志愿者", unit=unit, phone=f"139{next(_serial):08d}")


def _hours_in(unit):
    from gongzhi.community.models import VolunteerHours

    return VolunteerHours.objects.create(
        volunteer=_volunteer_in(unit), date="2024-05-01", hours=2, logged_by=_program_author()
    )


def _donor_in(unit):
    from gongzhi.community.models import Donor

    return Donor.objects.create(name=f"商家{next(_serial)}", kind="merchant", unit=unit)


def _photo_in(unit):
    from django.core.files.base import ContentFile

    from gongzhi.activities.models import ActivityPhoto

    photo = ActivityPhoto(
        activity=_activity_in(unit),
        name="a.jpg",
        content_type="image/jpeg",
        size=3,
        uploaded_by=_program_author(),
    )
    photo.file.save("a.jpg", ContentFile(b"abc"), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(b"abc"), save=False)
    photo.save()
    return photo


def _checklist_point(unit):
    from gongzhi.community.models import ChecklistPoint

    point = ChecklistPoint.objects.create(
        program=_program(), group="六个体系", name=f"要点{next(_serial)}"
    )
    return {"pk": point.pk}


def _station_with_evidence(unit):
    from django.core.files.base import ContentFile

    station = _station_in(unit)
    station.check_evidence.save("check.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return station


def _target_in(unit):
    from gongzhi.programs.models import Target

    return Target.objects.create(
        task=_task_in(unit), name="指标", comparator=">=", value=1, counter="community.brand_orgs"
    )


def _region(unit):
    from gongzhi.orgs.selectors import region_of

    return region_of(unit)


def _need_in(unit):
    import datetime

    from django.utils import timezone

    from gongzhi.residents.models import Need, NeedCategory

    category, _ = NeedCategory.objects.get_or_create(region=_region(unit), name="其他")
    return Need.objects.create(
        community=unit,
        handler=unit,
        category=category,
        description="路灯坏了",
        channel="public",
        due=datetime.date(2030, 1, 1),
        submitted_at=timezone.now(),
    )


def _need_photo_in(unit):
    from django.core.files.base import ContentFile

    from gongzhi.residents.models import NeedPhoto

    photo = NeedPhoto(need=_need_in(unit), name="a.jpg", content_type="image/jpeg", size=3)
    photo.file.save("a.jpg", ContentFile(b"abc"), save=False)
    photo.thumbnail.save("t.jpg", ContentFile(b"abc"), save=False)
    photo.save()
    return photo


def _signed_page(unit):
    from gongzhi.residents.public import community_page_url

    return community_page_url(unit).rstrip("/").rsplit("/", 1)[-1]


def _need_category(unit):
    from gongzhi.residents.models import NeedCategory

    return {"pk": NeedCategory.objects.get_or_create(region=_region(unit), name="其他")[0].pk}


def _survey_in(unit):
    import datetime

    from gongzhi.surveys.models import Survey

    return Survey.objects.create(
        unit=unit,
        title="满意度调查",
        kind="satisfaction",
        opens_on=datetime.date(2024, 1, 1),
        closes_on=datetime.date(2030, 1, 1),
        created_by=_program_author(),
    )


def _matter_in(unit):
    from gongzhi.selfgov.models import Matter

    return Matter.objects.create(
        unit=unit, title="重大事项", kind="project", created_by=_program_author()
    )


def _selfgov_file_in(unit):
    from django.core.files.base import ContentFile

    from gongzhi.selfgov.models import Attachment

    attachment = Attachment(
        unit=unit,
        name="a.pdf",
        content_type="application/pdf",
        size=8,
        uploaded_by=_program_author(),
    )
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return attachment


def _duty_list_in(unit):
    from gongzhi.selfgov.models import DutyList

    return DutyList.objects.get_or_create(
        unit=unit,
        kind="lawful",
        defaults={"adopted_on": "2024-04-01", "created_by": _program_author()},
    )[0]


def _service_hours_in(unit):
    from gongzhi.selfgov.models import ServiceHours

    return ServiceHours.objects.get_or_create(
        unit=unit,
        period="regular",
        defaults={"days": "周一至周五", "hours": "9:00—17:00", "updated_by": _program_author()},
    )[0]


def _certificate_in(unit):
    from gongzhi.selfgov.models import CertificateItem

    return CertificateItem.objects.create(
        unit=unit,
        name=f"证明{next(_serial)}",
        status="abolished",
        basis="文件",
        decided_on="2024-04-01",
        updated_by=_program_author(),
    )


def _sign_in(unit):
    from gongzhi.selfgov.models import Sign

    return Sign.objects.create(
        unit=unit,
        name=f"牌子{next(_serial)}",
        checked_on="2024-04-01",
        updated_by=_program_author(),
    )


def _public_community(unit):
    from gongzhi.orgs.models import Unit

    return {"pk": Unit.objects.filter(kind="community").order_by("pk").first().pk}


SELFGOV_KEEPERS = frozenset({Role.PROGRAM_OFFICE, Role.COMMUNITY})


def _selfgov_keeper(role, relation):
    return role in SELFGOV_KEEPERS


def _pk(builder):
    return lambda unit: {"pk": builder(unit).pk}


def _brand_in(unit):
    from gongzhi.community.models import BrandProject

    return BrandProject.objects.create(name=f"项目{next(_serial)}", unit=unit, year=2024)


def _team_in(unit):
    from gongzhi.community.models import VolunteerTeam

    return VolunteerTeam.objects.create(name=f"服务队{next(_serial)}", unit=unit)


def _donation_in(unit):
    from gongzhi.community.models import Donation

    return Donation.objects.create(
        donor=_donor_in(unit), unit=unit, kind="money", description="捐款", pledged_on="2024-05-01"
    )


def _service_in(unit):
    from gongzhi.community.models import CharityService

    return CharityService.objects.create(
        provider=_donor_in(unit), unit=unit, name="理发", model="low_fee", since="2024-05-01"
    )


def _deactivated(builder):
    """A record of `builder` taken out of use (what 恢复 acts on)."""

    def build(unit):
        from django.utils import timezone

        record = builder(unit)
        record.deactivated_at, record.deactivated_by = timezone.now(), _program_author()
        record.deactivation_reason = "重复登记"
        record.save()
        return {"pk": record.pk}

    return build


RETIRABLE_BUILDERS = {
    "org": _org_in,
    "station": _station_in,
    "brand": _brand_in,
    "worker": _worker_in,
    "volunteer": _volunteer_in,
    "team": _team_in,
    "donor": _donor_in,
    "donation": _donation_in,
    "service": _service_in,
}


KEEPERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY, Role.AGENCY})
ORGANISERS = frozenset(
    {
        Role.PROGRAM_OFFICE,
        Role.CITY_DEPARTMENT,
        Role.STREET,
        Role.COMMUNITY,
        Role.AGENCY,
        Role.SOCIAL_WORKER,
    }
)


def _keeper(role, relation):
    return role in KEEPERS


def _organiser(role, relation):
    return role in ORGANISERS


def _organiser_or_owner(role, relation):
    return role in ORGANISERS or relation == "own"


REPORTERS = frozenset({Role.PROGRAM_OFFICE, Role.CITY_DEPARTMENT, Role.STREET, Role.COMMUNITY})
NEED_HANDLERS = REPORTERS  # the units that may be asked to handle a resident's need
SURVEYORS = REPORTERS | {Role.AGENCY}
COCKPIT = frozenset({Role.PROGRAM_OFFICE, Role.CITY_DEPARTMENT, Role.FINANCE, Role.STREET})


def _reporter_at_own_unit(role, relation):
    """Only someone seated at the reporting unit acts for it."""
    return role in REPORTERS and relation == "own"


def _current_reviewer(role, relation):
    """A community's report goes to its street first; every other unit's to the office, except
    the office unit's own report (the office's "own" relation): no unit reviews itself, so that
    one goes past the office (to the working group's leading unit, else the region)."""
    if role == Role.PROGRAM_OFFICE:
        return relation != "own"
    return role == Role.STREET and relation == "child"


def _organiser_not_logger(role, relation):
    """Hours logged by the office (see `_hours_in`) are confirmed by an organiser of another
    unit: neither the user who logged them nor their unit confirms its own log."""
    return role in ORGANISERS and role != Role.PROGRAM_OFFICE


def _reviewer_above(role, relation):
    return role == Role.PROGRAM_OFFICE or (role == Role.STREET and relation in ("own", "child"))


# --- purchased services: a project bought by the unit (or, for an agency, delivered by it) ----


def _matrix_agency():
    from gongzhi.orgs.models import Unit

    return Unit.objects.add_unit(
        _program().region, name=f"矩阵社工机构{next(_serial)}", kind="agency"
    )


def _service_project_in(unit):
    from gongzhi.services.models import ServiceProject

    buyer, agency = (_program().region, unit) if unit.kind == "agency" else (unit, _matrix_agency())
    return ServiceProject.objects.create(
        program=_program(),
        buyer=buyer,
        agency=agency,
        title="服务项目",
        method="inquiry",
        starts_on="2024-01-01",
        ends_on="2030-12-31",
        created_by=_program_author(),
    )


def _stored(model, **owner):
    from django.core.files.base import ContentFile

    stored = model(
        **owner, name="a.jpg", content_type="image/jpeg", size=3, uploaded_by=_program_author()
    )
    stored.file.save("a.jpg", ContentFile(b"abc"), save=False)
    stored.thumbnail.save("t.jpg", ContentFile(b"abc"), save=False)
    stored.save()
    return stored


def _agreement_file_in(unit):
    from gongzhi.services.models import AgreementFile

    return _stored(AgreementFile, project=_service_project_in(unit))


def _deliverable_in(unit):
    from gongzhi.services.models import Deliverable

    return Deliverable.objects.create(
        project=_service_project_in(unit), name="个案", kind="case", target=5
    )


def _log_photo_in(unit):
    from gongzhi.services.models import LogPhoto, ServiceLog

    project = _service_project_in(unit)
    log = ServiceLog.objects.create(
        project=project,
        community=project.buyer,
        worker=_worker_in(project.agency),
        kind="case",
        date="2024-05-01",
        hours=1,
        description="探访",
        created_by=_program_author(),
    )
    return _stored(LogPhoto, log=log)


def _service_report_in(unit, state="draft"):
    from gongzhi.services.models import ServiceReport, ServiceReviewStage

    report = ServiceReport.objects.create(
        project=_service_project_in(unit),
        kind="midterm",
        period_start="2024-01-01",
        period_end="2024-06-30",
        text="中期报告",
        author=_program_author(),
        state=state,
    )
    if state == "pending":  # waiting at the unit itself
        ServiceReviewStage.objects.create(report=report, position=0, unit=unit)
    return report


def _report_evidence_in(unit):
    from gongzhi.services.models import ReportEvidence

    return _stored(ReportEvidence, report=_service_report_in(unit))


def _fund_entry_in(unit):
    from gongzhi.funds.models import FundEntry

    return FundEntry.objects.create(
        project=_service_project_in(unit),
        kind="allocation",
        source="province",
        amount="100.00",
        date="2024-06-01",
        created_by=_program_author(),
    )


def _fund_file_in(unit):
    from gongzhi.funds.models import EntryFile

    return _stored(EntryFile, entry=_fund_entry_in(unit))


FUND_DISBURSERS = frozenset({Role.PROGRAM_OFFICE, Role.FINANCE})


# --- supervision: the project bought (or delivered) by the unit, or supervised by it ------------


def _matrix_third_party():
    from gongzhi.orgs.models import Unit

    return Unit.objects.add_unit(
        _program().region, name=f"矩阵评估机构{next(_serial)}", kind="third_party"
    )


def _assignment_in(unit):
    from gongzhi.supervision.models import SupervisionAssignment

    if unit.kind == "third_party":
        project, third_party = _service_project_in(_program().region), unit
    else:
        project, third_party = _service_project_in(unit), _matrix_third_party()
    return SupervisionAssignment.objects.create(
        project=project, third_party=third_party, created_by=_program_author()
    )


def _visit_in(unit):
    from gongzhi.supervision.models import Visit

    assignment = _assignment_in(unit)
    return Visit.objects.create(
        project=assignment.project,
        third_party=assignment.third_party,
        date="2024-06-01",
        findings="台账不全",
        created_by=_program_author(),
    )


def _item_in(unit, state="open"):
    """An item the unit must fix (a third party's: the agency's)."""
    from gongzhi.supervision.models import Rectification

    visit = _visit_in(unit)
    owner = visit.project.agency if unit.kind == "third_party" else unit
    return Rectification.objects.create(
        visit=visit, what="补齐台账", owner=owner, due_on="2024-06-30", state=state
    )


def _supervision_report_in(unit, state="draft"):
    from gongzhi.supervision.models import SupervisionReport, SupervisionReviewStage

    assignment = _assignment_in(unit)
    report = SupervisionReport.objects.create(
        project=assignment.project,
        third_party=assignment.third_party,
        kind="audit",
        text="审计报告",
        author=_program_author(),
        state=state,
    )
    if state == "pending":  # waiting at the unit itself
        SupervisionReviewStage.objects.create(report=report, position=0, unit=unit)
    return report


def _visit_file_in(unit):
    from gongzhi.supervision.models import VisitFile

    return _stored(VisitFile, visit=_visit_in(unit))


def _supervision_report_file_in(unit):
    from gongzhi.supervision.models import ReportFile

    return _stored(ReportFile, report=_supervision_report_in(unit))


RECTIFIERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY, Role.AGENCY})


def _the_third_party(role, relation):
    """Only the supervising third party itself writes (not the office above it)."""
    return role == Role.THIRD_PARTY and relation == "own"


def _supervision_reviewer_here(role, relation):
    return role in {Role.PROGRAM_OFFICE, Role.STREET} and relation == "own"


SERVICE_BUYERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY})
ALARM_HANDLERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY})
DEVICE_KEEPERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY})
GRID_KEEPERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY})


def _device_in(unit):
    from gongzhi.smart.models import ElevatorDevice

    number = next(_serial)
    return ElevatorDevice.objects.create(
        community=unit,
        building="1栋",
        name=f"电梯{number}",
        registration_code=f"REG{number:08d}",
        key_hash=f"{number:064d}",
        secret="s",
    )


def _grid_in(unit):
    from gongzhi.orgs.models import Unit

    if unit.kind == "grid":
        return unit
    return Unit.objects.add_unit(unit, name=f"网格{next(_serial)}", kind="grid")


def _grid_worker_in(unit):
    from gongzhi.smart.models import GridWorker

    return GridWorker.objects.create(grid=_grid_in(unit), name="网格员", phone="13900000000")


def _alarm_in(unit):
    from django.utils import timezone

    from gongzhi.smart.models import Alarm

    return Alarm.objects.create(
        device=_device_in(unit),
        sequence=1,
        fault="trapped",
        running_state="stopped",
        occurred_at=timezone.now(),
        channel="http",
        received_at=timezone.now(),
        responsible=unit,
    )


SERVICE_LOGGERS = frozenset({Role.PROGRAM_OFFICE, Role.AGENCY, Role.SOCIAL_WORKER})


def _service_buyer(role, relation):
    return role in SERVICE_BUYERS


def _the_agency(role, relation):
    """Only the agency itself writes its plans and reports (not the office above it)."""
    return role == Role.AGENCY and relation == "own"


def _service_reviewer_here(role, relation):
    return role in SERVICE_BUYERS and relation == "own"


REPORT_MAKERS = frozenset({Role.PROGRAM_OFFICE, Role.CITY_DEPARTMENT, Role.STREET, Role.COMMUNITY})


def _report_subject(unit):
    """A summary report's subject: a pilot community of the test program, or a street
    responsible for one; no other unit has a report."""
    from gongzhi.orgs.models import Unit
    from gongzhi.programs.models import Pilot

    if unit.kind == "community":
        community, street = unit, Unit.objects.get_parent(unit)
    elif unit.kind == "street":
        community, street = Unit.objects.get_children(unit).filter(kind="community").first(), unit
    else:
        raise pytest.skip.Exception("only communities and streets have a summary report")
    Pilot.objects.get_or_create(
        program=_program(),
        community=community,
        defaults={"street": street, "type_name": "测试型", "due": "2024-12-31"},
    )
    return {"pk": _program().pk, "unit": unit.pk, "fmt": "pdf"}


def _generated_report_in(unit):
    from django.core.files.base import ContentFile

    from gongzhi.documents.models import GeneratedDocument

    document = GeneratedDocument(
        program=_program(),
        unit=unit,
        kind="summary",
        name="report.pdf",
        content_type="application/pdf",
        size=3,
        uploaded_by=_program_author(),
    )
    document.file.save("report.pdf", ContentFile(b"abc"), save=False)
    document.save()
    return document


# --- evaluation: a round of the unit (or one it scores), the program's scoring table ----------


def _scoring_table(unit=None):
    from gongzhi.evaluation.services import table_default

    return table_default(_program())


def _table_target(unit):
    return {"pk": _scoring_table().pk}


def _round_in(unit, state="draft"):
    """The unit's own round (draft, or concluded); one per unit, so an earlier one goes."""
    from gongzhi.evaluation.models import Round

    Round.objects.filter(program=_program(), unit=unit).delete()
    return Round.objects.create(
        program=_program(),
        table=_scoring_table(),
        unit=unit,
        created_by=_program_author(),
        state=state,
    )


def _round_waiting_at(unit):
    """Another unit's round, scored by the unit (its third party in the data) and waiting at it."""
    from gongzhi.evaluation.models import Round, RoundStage
    from gongzhi.orgs.models import Unit

    street = Unit.objects.add_unit(
        _program().region, name=f"矩阵街道{next(_serial)}", kind="street"
    )
    round = Round.objects.create(
        program=_program(),
        table=_scoring_table(),
        unit=street,
        third_party=unit,
        created_by=_program_author(),
        state="pending",
    )
    RoundStage.objects.create(round=round, position=0, unit=unit)
    return round


def _self_assessor(role, relation):
    return role in {Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY} and relation == "own"


def _round_scorer_here(role, relation):
    return role in {Role.PROGRAM_OFFICE, Role.STREET, Role.THIRD_PARTY} and relation == "own"


# --- typical cases and publicity: kept by the unit that wrote them up -------------------------

CASE_KEEPERS = frozenset({Role.PROGRAM_OFFICE, Role.CITY_DEPARTMENT, Role.STREET, Role.COMMUNITY})
CASE_PUBLISHERS = frozenset({Role.PROGRAM_OFFICE, Role.STREET})


def _case_in(unit, public=False):
    from gongzhi.cases.models import Case

    return Case.objects.create(
        title="案例",
        unit=unit,
        type="party",
        date="2024-06-01",
        summary="做法",
        is_public=public,
        created_by=_program_author(),
    )


def _publicity_in(unit):
    from gongzhi.cases.models import Publicity

    return Publicity.objects.create(
        title="报道",
        unit=unit,
        media="广汉发布",
        media_level="county",
        kind="report",
        date="2024-06-01",
        link="https://example.com/a",
        created_by=_program_author(),
    )


def _case_photo_in(unit):
    from gongzhi.cases.models import CasePhoto

    return _stored(CasePhoto, case=_case_in(unit))


def _clipping_in(unit):
    from gongzhi.cases.models import Clipping

    return _stored(Clipping, publicity=_publicity_in(unit))


def _pilot_in(unit):
    from gongzhi.programs.models import Pilot

    pilot, _created = Pilot.objects.get_or_create(
        program=_program(),
        community=unit,
        defaults={"street": unit, "type_name": "多元共治型", "due": "2024-12-31"},
    )
    return pilot


def _public_case_photo_in(unit):
    from gongzhi.cases.models import CasePhoto

    return _stored(CasePhoto, case=_case_in(unit, public=True))


def _public_pilot_target(unit):
    return {"code": _program().code, "pk": _pilot_in(unit).pk}


def _case_keeper(role, relation):
    return role in CASE_KEEPERS


def _case_publisher(role, relation):
    return role in CASE_PUBLISHERS


@dataclass(frozen=True)
class Expect:
    """public: anyone; roles: the roles allowed; allowed(role, relation) for finer rules.
    target: builds URL kwargs for an object in a given unit; relational=False means the object
    is the same whatever the relation (e.g. the program), so only `roles` decides."""

    public: bool = False
    roles: frozenset = ALL_ROLES
    allowed: Callable | None = None
    target: Callable | None = None
    relational: bool = True
    method: str = "get"
    signed_in_status: int | None = None  # overrides the usual 200/302 for allowed users
    tested_in: str = ""  # objects owned by a user, not a unit: covered by the named test
    api: bool = False  # the REST API: anonymous requests answer 401, never the login page


MATRIX: dict[str, Expect] = {
    "dashboards:home": Expect(),
    "dashboards:healthz": Expect(public=True),
    "accounts:login": Expect(public=True, signed_in_status=302),
    "accounts:logout": Expect(method="post"),
    "accounts:password-change": Expect(),
    "accounts:user-list": Expect(roles=USER_VIEWERS),
    "accounts:user-create": Expect(roles=OFFICE),
    "accounts:user-detail": Expect(roles=USER_VIEWERS, target=_user_target),
    "accounts:user-edit": Expect(roles=OFFICE, target=_user_target),
    "accounts:user-password": Expect(roles=OFFICE, target=_user_target),
    "accounts:user-unlock": Expect(roles=OFFICE, target=_user_target, method="post"),
    "accounts:grant-add": Expect(roles=OFFICE, target=_user_target),
    "accounts:grant-remove": Expect(roles=OFFICE, target=_grant_target, method="post"),
    "accounts:otp-setup": Expect(),
    "accounts:otp-verify": Expect(signed_in_status=302),  # no code owed: straight on
    "accounts:otp-recovery-codes": Expect(),
    "accounts:otp-regenerate": Expect(method="post"),
    "accounts:otp-disable": Expect(method="post"),
    "accounts:user-otp-reset": Expect(roles=OFFICE, target=_user_target, method="post"),
    "orgs:unit-list": Expect(),
    "orgs:unit-create": Expect(roles=OFFICE),
    "orgs:unit-options": Expect(),  # any signed-in user; what it finds is scoped (tests/orgs)
    "community:org-options": Expect(),  # likewise (tests/community/test_organization_picker)
    "cases:task-options": Expect(),  # likewise (tests/cases/test_task_picker)
    "orgs:unit-detail": Expect(target=_unit_target),
    "orgs:unit-edit": Expect(roles=OFFICE, target=_unit_target),
    "orgs:unit-import": Expect(roles=OFFICE),
    "orgs:unit-import-template": Expect(),
    "orgs:unit-import-plan": Expect(
        target=lambda unit: {"pk": 1}, tested_in="tests/orgs/test_unit_import_page.py"
    ),
    "orgs:working-group": Expect(),
    "core:audit-list": Expect(),
    "core:audit-detail": Expect(target=_audit_target),
    "core:audit-export": Expect(roles=OFFICE),
    "core:reveal": Expect(
        target=lambda u: {
            "model": "community.volunteer",
            "pk": _volunteer_in(u).pk,
            "field": "phone",
        },
        allowed=_keeper,
        method="post",
        signed_in_status=200,
    ),
    "core:option-lists": Expect(roles=OFFICE),
    "core:option-add": Expect(
        roles=OFFICE,
        target=lambda u: {"list_name": "activity_type"},
        relational=False,
        method="post",
    ),
    "core:option-rename": Expect(
        roles=OFFICE, target=_option_target, relational=False, method="post"
    ),
    "core:option-toggle": Expect(
        roles=OFFICE, target=_option_target, relational=False, method="post"
    ),
    "core:option-delete": Expect(
        roles=OFFICE, target=_option_target, relational=False, method="post"
    ),
    "set_language": Expect(public=True, method="post", signed_in_status=302),
    "programs:program-list": Expect(),
    "progress:program-detail": Expect(target=_program_target, relational=False),
    "progress:ledger-export": Expect(
        target=_program_target, relational=False, method="post", signed_in_status=200
    ),
    "progress:task-detail": Expect(target=_task_target),
    "programs:program-import": Expect(roles=OFFICE),
    "progress:target-records": Expect(target=_pk(_target_in)),
    "progress:counter-list": Expect(),
    "programs:import-template": Expect(),
    "programs:program-workbook": Expect(roles=OFFICE, target=_program_target, relational=False),
    "programs:program-versions": Expect(roles=OFFICE, target=_program_target, relational=False),
    "programs:version-document": Expect(roles=OFFICE, target=_version_target, relational=False),
    "programs:upload-preview": Expect(
        target=lambda unit: {"pk": 1}, tested_in="tests/programs/test_versions.py"
    ),
    "programs:upload-apply": Expect(
        target=lambda unit: {"pk": 1}, method="post", tested_in="tests/programs/test_versions.py"
    ),
    "progress:report-create": Expect(target=_task_target, allowed=_reporter_at_own_unit),
    "progress:report-detail": Expect(target=_report_target),
    "progress:report-edit": Expect(target=_report_target, allowed=_reporter_at_own_unit),
    "progress:report-submit": Expect(
        target=_report_target, allowed=_reporter_at_own_unit, method="post"
    ),
    "progress:report-review": Expect(
        target=_pending_report_target, allowed=_current_reviewer, method="post"
    ),
    "progress:evidence-file": Expect(target=_evidence_target),
    "progress:evidence-thumb": Expect(target=_evidence_target),
    "progress:evidence-publish": Expect(
        target=_approved_evidence_target, allowed=_reviewer_above, method="post"
    ),
    "progress:evidence-remove": Expect(
        target=_evidence_target, allowed=_reporter_at_own_unit, method="post"
    ),
    "progress:inbox": Expect(),
    "progress:notification-open": Expect(
        target=lambda unit: {"pk": 1}, tested_in="tests/progress/test_inbox.py"
    ),
    "core:job-detail": Expect(target=lambda unit: {"pk": 1}, tested_in="tests/core/test_jobs.py"),
    "core:job-download": Expect(target=lambda unit: {"pk": 1}, tested_in="tests/core/test_jobs.py"),
    "community:org-list": Expect(),
    "community:org-create": Expect(roles=KEEPERS),
    "community:org-detail": Expect(target=lambda u: {"pk": _org_in(u).pk}),
    "community:org-edit": Expect(target=lambda u: {"pk": _org_in(u).pk}, allowed=_keeper),
    "community:org-link-add": Expect(target=lambda u: {"pk": _org_in(u).pk}, allowed=_keeper),
    "community:org-incubation-add": Expect(target=lambda u: {"pk": _org_in(u).pk}, allowed=_keeper),
    "community:station-list": Expect(),
    "community:station-create": Expect(roles=KEEPERS),
    "community:station-detail": Expect(target=lambda u: {"pk": _station_in(u).pk}),
    "community:station-edit": Expect(target=lambda u: {"pk": _station_in(u).pk}, allowed=_keeper),
    "community:station-evidence": Expect(target=_pk(_station_with_evidence)),
    "community:brand-list": Expect(),
    "community:brand-create": Expect(roles=KEEPERS),
    "community:export": Expect(
        target=lambda u: {"registry": "organizations"},
        relational=False,
        method="post",
        signed_in_status=200,
    ),
    "community:import": Expect(
        roles=KEEPERS, target=lambda u: {"registry": "stations"}, relational=False
    ),
    "community:import-template": Expect(
        target=lambda u: {"registry": "organizations"}, relational=False
    ),
    "community:worker-list": Expect(),
    "community:worker-create": Expect(roles=KEEPERS),
    "community:worker-detail": Expect(target=_pk(_worker_in)),
    "community:worker-exam-add": Expect(target=_pk(_worker_in), allowed=_keeper),
    "community:worker-training-add": Expect(target=_pk(_worker_in), allowed=_keeper),
    "community:volunteer-list": Expect(),
    "community:volunteer-create": Expect(roles=KEEPERS),
    "community:volunteer-detail": Expect(target=_pk(_volunteer_in)),
    "community:hours-log": Expect(target=_pk(_volunteer_in), allowed=_organiser),
    "community:hours-activities": Expect(target=_pk(_volunteer_in), allowed=_organiser),
    "community:hours-confirm": Expect(
        target=_pk(_hours_in), allowed=_organiser_not_logger, method="post"
    ),
    "community:team-create": Expect(roles=KEEPERS),
    "community:donor-list": Expect(),
    "community:donor-create": Expect(roles=KEEPERS),
    "community:donor-detail": Expect(target=_pk(_donor_in)),
    "community:donor-donation-add": Expect(target=_pk(_donor_in), allowed=_keeper),
    "community:donor-service-add": Expect(target=_pk(_donor_in), allowed=_keeper),
    "community:worker-edit": Expect(target=_pk(_worker_in), allowed=_keeper),
    "community:volunteer-edit": Expect(target=_pk(_volunteer_in), allowed=_keeper),
    "community:team-edit": Expect(target=_pk(_team_in), allowed=_keeper),
    "community:donor-edit": Expect(target=_pk(_donor_in), allowed=_keeper),
    "community:donation-edit": Expect(target=_pk(_donation_in), allowed=_keeper),
    "community:service-edit": Expect(target=_pk(_service_in), allowed=_keeper),
    "community:brand-edit": Expect(target=_pk(_brand_in), allowed=_keeper),
    # any keeper deactivates a record (the reason is asked on the GET page); only the program
    # office restores one
    **{
        f"community:{kind}-deactivate": Expect(target=_pk(builder), allowed=_keeper)
        for kind, builder in RETIRABLE_BUILDERS.items()
    },
    **{
        f"community:{kind}-restore": Expect(
            roles=OFFICE, target=_deactivated(builder), method="post"
        )
        for kind, builder in RETIRABLE_BUILDERS.items()
    },
    "community:checklist": Expect(target=_program_target, relational=False),
    "community:checklist-mark": Expect(roles=OFFICE, target=_checklist_point, relational=False),
    "activities:photo-add": Expect(target=_pk(_activity_in), allowed=_organiser),
    "activities:photo-file": Expect(target=_pk(_photo_in)),
    "activities:photo-thumb": Expect(target=_pk(_photo_in)),
    "activities:activity-list": Expect(),
    "activities:activity-create": Expect(roles=ORGANISERS),
    "activities:activity-detail": Expect(target=lambda u: {"pk": _activity_in(u).pk}),
    "activities:activity-edit": Expect(
        target=lambda u: {"pk": _activity_in(u).pk}, allowed=_organiser
    ),
    "activities:activity-qr": Expect(target=lambda u: {"pk": _activity_in(u).pk}),
    "activities:decision-add": Expect(
        target=lambda u: {"pk": _activity_in(u).pk}, allowed=_organiser
    ),
    "activities:decision-close": Expect(
        target=lambda u: {"pk": _decision_in(u).pk}, allowed=_organiser_or_owner, method="post"
    ),
    "activities:signin": Expect(
        public=True, target=lambda u: {"token": _activity_in(u).signin_token}
    ),
    "activities:activity-export": Expect(method="post", signed_in_status=200),
    "activities:signin-template": Expect(),
    "activities:signin-export": Expect(
        target=_pk(_activity_in), method="post", signed_in_status=200
    ),
    "activities:signin-add": Expect(target=_pk(_activity_in), allowed=_organiser),
    "activities:signin-import": Expect(target=_pk(_activity_in), allowed=_organiser),
    "services:project-list": Expect(),
    "services:project-create": Expect(roles=SERVICE_BUYERS),
    "services:project-detail": Expect(target=_pk(_service_project_in)),
    "services:project-edit": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "services:project-plans": Expect(target=_pk(_service_project_in), allowed=_the_agency),
    "services:project-venue": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "services:agreement-add": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "services:agreement-file": Expect(target=_pk(_agreement_file_in)),
    "services:deliverable-add": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "services:deliverable-remove": Expect(
        target=_pk(_deliverable_in), allowed=_service_buyer, method="post"
    ),
    "services:log-list": Expect(),
    "services:log-create": Expect(roles=SERVICE_LOGGERS),
    "services:log-photo": Expect(target=_pk(_log_photo_in)),
    "services:log-photo-thumb": Expect(target=_pk(_log_photo_in)),
    "services:report-create": Expect(target=_pk(_service_project_in), allowed=_the_agency),
    "services:report-detail": Expect(target=_pk(_service_report_in)),
    "services:report-edit": Expect(target=_pk(_service_report_in), allowed=_the_agency),
    "services:report-submit": Expect(
        target=_pk(_service_report_in), allowed=_the_agency, method="post"
    ),
    "services:report-review": Expect(
        target=lambda u: {"pk": _service_report_in(u, "pending").pk},
        allowed=_service_reviewer_here,
        method="post",
    ),
    "services:report-evidence": Expect(target=_pk(_report_evidence_in)),
    "funds:ledger": Expect(),
    "funds:ledger-export": Expect(),
    "funds:project": Expect(target=_pk(_service_project_in)),
    "funds:budget-add": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "funds:allocate": Expect(
        target=_pk(_service_project_in), allowed=lambda role, _rel: role in FUND_DISBURSERS
    ),
    "funds:disburse": Expect(
        target=_pk(_service_project_in), allowed=lambda role, _rel: role in FUND_DISBURSERS
    ),
    "funds:spend": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "funds:file": Expect(target=_pk(_fund_file_in)),
    "funds:entry-reverse": Expect(
        target=_pk(_fund_entry_in), allowed=lambda role, _rel: role in FUND_DISBURSERS
    ),
    "supervision:assignment-list": Expect(),
    "supervision:assignment-detail": Expect(target=_pk(_assignment_in)),
    "supervision:visit-create": Expect(target=_pk(_assignment_in), allowed=_the_third_party),
    "supervision:report-create": Expect(target=_pk(_assignment_in), allowed=_the_third_party),
    "supervision:visit-detail": Expect(target=_pk(_visit_in)),
    "supervision:item-fix": Expect(
        target=_pk(_item_in), allowed=lambda role, relation: role in RECTIFIERS, method="post"
    ),
    "supervision:item-confirm": Expect(
        target=lambda u: {"pk": _item_in(u, "fixed").pk},
        allowed=_the_third_party,
        method="post",
    ),
    "supervision:assign": Expect(target=_pk(_service_project_in), allowed=_service_buyer),
    "supervision:assignment-end": Expect(
        target=_pk(_assignment_in), allowed=_service_buyer, method="post"
    ),
    "supervision:visit-file": Expect(target=_pk(_visit_file_in)),
    "supervision:report-file": Expect(target=_pk(_supervision_report_file_in)),
    "supervision:report-detail": Expect(target=_pk(_supervision_report_in)),
    "supervision:report-edit": Expect(target=_pk(_supervision_report_in), allowed=_the_third_party),
    "supervision:report-review": Expect(
        target=lambda u: {"pk": _supervision_report_in(u, "pending").pk},
        allowed=_supervision_reviewer_here,
        method="post",
    ),
    "residents:need-list": Expect(roles=NEED_HANDLERS),
    "residents:need-create": Expect(roles=NEED_HANDLERS),
    "residents:need-detail": Expect(roles=NEED_HANDLERS, target=_pk(_need_in)),
    "residents:need-step": Expect(
        roles=NEED_HANDLERS, target=lambda u: {"pk": _need_in(u).pk, "step": "accept"}
    ),
    "residents:need-match": Expect(roles=NEED_HANDLERS, target=_pk(_need_in)),
    "residents:meeting-needs": Expect(roles=NEED_HANDLERS, target=_pk(_meeting_in)),
    "residents:photo-file": Expect(roles=NEED_HANDLERS, target=_pk(_need_photo_in)),
    "residents:photo-thumb": Expect(roles=NEED_HANDLERS, target=_pk(_need_photo_in)),
    "residents:community-qr": Expect(
        target=_unit_target, tested_in="tests/residents/test_pages.py"
    ),
    "residents:category-list": Expect(roles=OFFICE),
    "residents:category-create": Expect(roles=OFFICE),
    "residents:category-edit": Expect(roles=OFFICE, target=_need_category, relational=False),
    "residents:category-defaults": Expect(roles=OFFICE, target=_unit_target, method="post"),
    "residents:public-need": Expect(
        public=True,
        target=lambda u: {"token": _signed_page(u)},
        tested_in="tests/residents/test_needs.py",
    ),
    "residents:follow": Expect(public=True),
    "surveys:survey-list": Expect(roles=SURVEYORS),
    "surveys:survey-create": Expect(roles=SURVEYORS),
    "surveys:survey-detail": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:survey-edit": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:question-add": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:invitations": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:survey-qr": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:export-answers": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:export-statistics": Expect(roles=SURVEYORS, target=_pk(_survey_in)),
    "surveys:answer": Expect(public=True, target=lambda u: {"token": _survey_in(u).public_token}),
    "selfgov:matter-list": Expect(),
    "selfgov:matter-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:matter-detail": Expect(target=_pk(_matter_in)),
    "selfgov:step-record": Expect(target=_pk(_matter_in), allowed=_selfgov_keeper),
    "selfgov:charter-list": Expect(),
    "selfgov:charter-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:template-list": Expect(),
    "selfgov:template-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:duty-list": Expect(),
    "selfgov:duty-detail": Expect(target=_pk(_duty_list_in)),
    "selfgov:duty-adopt": Expect(
        roles=SELFGOV_KEEPERS, target=lambda u: {"kind": "lawful"}, relational=False
    ),
    "selfgov:refusal-list": Expect(),
    "selfgov:refusal-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:hours-list": Expect(),
    "selfgov:hours-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:hours-edit": Expect(target=_pk(_service_hours_in), allowed=_selfgov_keeper),
    "selfgov:certificate-list": Expect(),
    "selfgov:certificate-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:certificate-edit": Expect(target=_pk(_certificate_in), allowed=_selfgov_keeper),
    "selfgov:sign-list": Expect(),
    "selfgov:sign-create": Expect(roles=SELFGOV_KEEPERS),
    "selfgov:sign-edit": Expect(target=_pk(_sign_in), allowed=_selfgov_keeper),
    "selfgov:file": Expect(target=_pk(_selfgov_file_in)),
    "selfgov:public": Expect(public=True, target=_public_community, relational=False),
    "smart:alarm-list": Expect(),
    "smart:alarm-live": Expect(),
    "smart:alarm-detail": Expect(target=_pk(_alarm_in)),
    "smart:alarm-ack": Expect(roles=ALARM_HANDLERS, target=_pk(_alarm_in), method="post"),
    "smart:alarm-resolve": Expect(roles=ALARM_HANDLERS, target=_pk(_alarm_in), method="post"),
    "smart:device-list": Expect(),
    "smart:map": Expect(),
    "smart:map-data": Expect(),
    "smart:boundary-import": Expect(roles=GRID_KEEPERS),
    "smart:point-import": Expect(roles=GRID_KEEPERS),
    "smart:point-template": Expect(),
    "smart:device-detail": Expect(target=_pk(_device_in)),
    "smart:device-create": Expect(roles=DEVICE_KEEPERS),
    "smart:device-edit": Expect(roles=DEVICE_KEEPERS, target=_pk(_device_in)),
    # without a reason the device stays active: a message and back to its page
    "smart:device-deactivate": Expect(roles=DEVICE_KEEPERS, target=_pk(_device_in), method="post"),
    "smart:device-activate": Expect(roles=DEVICE_KEEPERS, target=_pk(_device_in), method="post"),
    # the new key is shown in the answer itself (once), not after a redirect
    "smart:device-key": Expect(
        roles=DEVICE_KEEPERS, target=_pk(_device_in), method="post", signed_in_status=200
    ),
    "smart:rejected-list": Expect(roles=DEVICE_KEEPERS),
    "smart:grid-list": Expect(roles=GRID_KEEPERS),
    "smart:grid-workers": Expect(roles=GRID_KEEPERS, target=_pk(_grid_in)),
    "smart:gridworker-edit": Expect(roles=GRID_KEEPERS, target=_pk(_grid_worker_in)),
    "smart:gridworker-remove": Expect(
        roles=GRID_KEEPERS, target=_pk(_grid_worker_in), method="post"
    ),
    # devices sign their requests (tests/smart/test_http_ingest.py): nobody's session counts
    "smart:ingest": Expect(public=True, method="post", signed_in_status=401),
    "documents:program": Expect(roles=REPORT_MAKERS, target=_program_target, relational=False),
    "documents:generate": Expect(
        roles=frozenset({Role.PROGRAM_OFFICE, Role.STREET, Role.COMMUNITY}),
        target=_report_subject,
        method="post",
    ),
    "documents:generate-acceptance": Expect(
        roles=OFFICE,
        target=lambda u: {"pk": _program().pk, "fmt": "docx"},
        relational=False,
        method="post",
    ),
    "documents:file": Expect(roles=REPORT_MAKERS, target=_pk(_generated_report_in)),
    "documents:templates": Expect(roles=OFFICE),
    "documents:template-download": Expect(
        roles=OFFICE, target=lambda u: {"kind": "summary"}, relational=False
    ),
    "documents:template-revert": Expect(
        roles=OFFICE, target=lambda u: {"kind": "summary"}, relational=False, method="post"
    ),
    "evaluation:round-list": Expect(),
    "evaluation:round-create": Expect(roles=OFFICE, target=_program_target, relational=False),
    "evaluation:round-detail": Expect(target=_pk(_round_in)),
    "evaluation:round-excel": Expect(target=_pk(_round_in)),
    "evaluation:round-print": Expect(target=_pk(_round_in)),
    "evaluation:round-score": Expect(target=_pk(_round_in), allowed=_self_assessor, method="post"),
    "evaluation:round-prefill": Expect(
        target=_pk(_round_in), allowed=_self_assessor, method="post"
    ),
    "evaluation:round-evidence": Expect(
        target=_pk(_round_in), allowed=_self_assessor, method="post"
    ),
    "evaluation:round-review": Expect(
        target=_pk(_round_waiting_at), allowed=_round_scorer_here, method="post"
    ),
    "evaluation:round-reopen": Expect(
        target=lambda u: {"pk": _round_in(u, "approved").pk}, roles=OFFICE, method="post"
    ),
    "evaluation:table-detail": Expect(target=_table_target, relational=False),
    "evaluation:table-export": Expect(target=_table_target, relational=False),
    "evaluation:table-import": Expect(roles=OFFICE, target=_table_target, relational=False),
    "exchange:home": Expect(),
    "exchange:export": Expect(
        target=lambda u: {"fmt": "json"}, relational=False, method="post", signed_in_status=200
    ),
    "exchange:import": Expect(roles=KEEPERS, method="post"),
    # a dry run belongs to the user who uploaded it
    "exchange:confirm": Expect(
        roles=KEEPERS, target=lambda unit: {"pk": 1}, tested_in="tests/exchange/test_views.py"
    ),
    "cases:case-list": Expect(),
    "cases:case-create": Expect(roles=CASE_KEEPERS),
    "cases:case-export": Expect(method="post", signed_in_status=200),
    "cases:case-detail": Expect(target=_pk(_case_in)),
    "cases:case-edit": Expect(target=_pk(_case_in), allowed=_case_keeper),
    "cases:case-publish": Expect(target=_pk(_case_in), allowed=_case_publisher, method="post"),
    "cases:photo-file": Expect(target=_pk(_case_photo_in)),
    "cases:photo-thumb": Expect(target=_pk(_case_photo_in)),
    "cases:photo-remove": Expect(target=_pk(_case_photo_in), allowed=_case_keeper, method="post"),
    "cases:publicity-list": Expect(),
    "cases:publicity-create": Expect(roles=CASE_KEEPERS),
    "cases:publicity-export": Expect(method="post", signed_in_status=200),
    "cases:publicity-detail": Expect(target=_pk(_publicity_in)),
    "cases:publicity-edit": Expect(target=_pk(_publicity_in), allowed=_case_keeper),
    "cases:clipping-file": Expect(target=_pk(_clipping_in)),
    "cases:clipping-thumb": Expect(target=_pk(_clipping_in)),
    "archives:pilot": Expect(target=_pk(_pilot_in), method="post"),
    "archives:program": Expect(
        roles=OFFICE, target=_program_target, relational=False, method="post"
    ),
    "dashboards:pilot": Expect(target=_pk(_pilot_in)),
    "dashboards:public-pilot": Expect(public=True, target=_public_pilot_target),
    "dashboards:public-case-photo": Expect(public=True, target=_pk(_public_case_photo_in)),
    "dashboards:project-record": Expect(target=_pk(_service_project_in)),
    "dashboards:cockpit": Expect(roles=COCKPIT, target=_program_target, relational=False),
    "dashboards:public-program": Expect(public=True, target=_public_program_target),
    "dashboards:public-evidence": Expect(public=True, target=_public_evidence_target),
}

# --- the REST API (/api/v1/): the same rules as the pages, answered in JSON -----------------


def _work_item_in(unit):
    """A pilot community's work item, the unit responsible for it."""
    from gongzhi.programs.models import Assignment, Pilot, Task

    program = _program()
    pilot, _new = Pilot.objects.get_or_create(
        program=program,
        community=unit,
        defaults={"street": unit, "type_name": "类型", "due": "2030-01-01"},
    )
    task = Task.objects.create(
        program=program,
        kind="pilot_item",
        pilot=pilot,
        number=next(_serial),
        text="任务",
        due="2030-01-01",
    )
    Assignment.objects.create(task=task, unit=unit, role="lead")
    return task


def _org_link_in(unit):
    from gongzhi.community.models import OrgLink

    return OrgLink.objects.create(organization=_org_in(unit), community=unit, since="2024-01-01")


def _fund_entry_in(unit):
    from gongzhi.funds.models import FundEntry

    return FundEntry.objects.create(
        project=_service_project_in(unit),
        kind="allocation",
        source="province",
        amount="100.00",
        date="2024-06-01",
        created_by=_program_author(),
    )


def _budget_line_in(unit):
    from gongzhi.funds.models import BudgetLine

    return BudgetLine.objects.create(
        project=_service_project_in(unit),
        source="province",
        item="人员经费",
        amount="100.00",
        created_by=_program_author(),
    )


def _api(**kwargs) -> Expect:
    return Expect(api=True, **kwargs)


API_MATRIX: dict[str, Expect] = {
    "api:units-list": _api(),
    "api:units-detail": _api(target=_unit_target),
    "api:programs-list": _api(),
    "api:programs-detail": _api(target=_program_target, relational=False),
    "api:tasks-list": _api(),
    "api:tasks-detail": _api(target=_task_target),
    "api:items-list": _api(),
    "api:items-detail": _api(target=_pk(_work_item_in)),
    "api:targets-list": _api(),
    "api:targets-detail": _api(target=_pk(_target_in)),
    "api:reports-list": _api(),
    "api:reports-detail": _api(target=_report_target),
    "api:reports-submit": _api(
        target=_report_target, allowed=_reporter_at_own_unit, method="post", signed_in_status=200
    ),
    "api:reports-approve": _api(
        target=_pending_report_target,
        allowed=_current_reviewer,
        method="post",
        signed_in_status=200,
    ),
    # without the required comment: the reviewer gets 400 naming it, everyone else 403 / 404
    "api:reports-send-back": _api(
        target=_pending_report_target,
        allowed=_current_reviewer,
        method="post",
        signed_in_status=400,
    ),
    **{
        f"api:{prefix}-{kind}": _api(target=_pk(builder) if kind == "detail" else None)
        for prefix, builder in {
            "organizations": _org_in,
            "organization-links": _org_link_in,
            "stations": _station_in,
            "brand-projects": _brand_in,
            "social-workers": _worker_in,
            "volunteer-teams": _team_in,
            "volunteers": _volunteer_in,
            "volunteer-hours": _hours_in,
            "donors": _donor_in,
            "donations": _donation_in,
            "charity-services": _service_in,
            "activities": _activity_in,
            "decisions": _decision_in,
            "service-projects": _service_project_in,
            "service-logs": lambda unit: _log_photo_in(unit).log,
            "fund-entries": _fund_entry_in,
            "budget-lines": _budget_line_in,
            "rounds": _round_in,
            "elevator-devices": _device_in,
            "alarms": _alarm_in,
            "cases": _case_in,
            "publicity": _publicity_in,
            "supervision-assignments": _assignment_in,
            "supervision-visits": _visit_in,
            "supervision-reports": _supervision_report_in,
        }.items()
        for kind in ("list", "detail")
    },
    "api:activities-signins": _api(target=_pk(_activity_in)),
    "api:needs-list": _api(roles=NEED_HANDLERS),
    "api:needs-detail": _api(roles=NEED_HANDLERS, target=_pk(_need_in)),
    "api:surveys-list": _api(roles=SURVEYORS),
    "api:surveys-detail": _api(roles=SURVEYORS, target=_pk(_survey_in)),
    "api:surveys-statistics": _api(roles=SURVEYORS, target=_pk(_survey_in)),
    "api:scoring-tables-list": _api(),
    "api:scoring-tables-detail": _api(target=_table_target, relational=False),
    "api:rounds-sheet": _api(target=_pk(_round_in)),
    "api:alarms-acknowledge": _api(
        roles=ALARM_HANDLERS, target=_pk(_alarm_in), method="post", signed_in_status=200
    ),
    # without the required note: a handler gets 400 naming it, everyone else 403 / 404
    "api:alarms-resolve": _api(
        roles=ALARM_HANDLERS, target=_pk(_alarm_in), method="post", signed_in_status=400
    ),
    # what the API offers is public (its data is not): integrators read it before they sign in
    "api:schema": Expect(public=True),
    "api:docs": Expect(public=True),
    "api:redoc": Expect(public=True),
    "api:token-list": Expect(),
    "api:token-revoke": Expect(
        target=lambda unit: {"pk": 1}, method="post", tested_in="tests/api/test_tokens.py"
    ),
}
MATRIX.update(API_MATRIX)

# Django's admin is for the superuser only: everyone else is sent to the admin's login.
ADMIN_NAMESPACE = "admin"


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"
        elif isinstance(entry, URLPattern):
            yield f"{namespace}<unnamed {entry.pattern}>"


ALL_URL_NAMES = sorted(set(_walk(get_resolver().url_patterns)))


def test_every_url_is_declared():
    undeclared = [
        name
        for name in ALL_URL_NAMES
        if name not in MATRIX and not name.startswith(f"{ADMIN_NAMESPACE}:")
    ]
    assert undeclared == [], f"declare these URLs in MATRIX: {undeclared}"
    assert set(MATRIX) <= set(ALL_URL_NAMES), "MATRIX names URLs that no longer exist"


def _request(client, expect, name, kwargs):
    url = reverse(name, kwargs=kwargs or None)
    return client.post(url) if expect.method == "post" else client.get(url)


def _allowed_status(expect):
    if expect.signed_in_status:
        return expect.signed_in_status
    return 302 if expect.method == "post" else 200


def _expected(expect, role, relation):
    if expect.public:
        return _allowed_status(expect)
    if expect.target is not None and expect.relational and relation not in VISIBLE[role]:
        return 404
    allowed = expect.allowed(role, relation) if expect.allowed else role in expect.roles
    return _allowed_status(expect) if allowed else 403


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous(client, tree, program, name):
    expect = MATRIX[name]
    kwargs = expect.target(tree.community_a1) if expect.target else None
    response = _request(client, expect, name, kwargs)
    if expect.public and expect.target:
        assert response.status_code == 200
    if expect.public:
        assert response.status_code in (200, 302, expect.signed_in_status)
    elif expect.api:
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_at_each_relation(client, tree, users, program, name):
    expect = MATRIX[name]
    if expect.tested_in:
        pytest.skip(f"owned by a user, not a unit: see {expect.tested_in}")
    failures = []
    for role, seat in seats(tree).items():
        relations = RELATIONS if expect.target and expect.relational else ("own",)
        for relation in relations:
            unit = seat[relation]
            if unit is None:
                continue
            try:
                kwargs = expect.target(unit) if expect.target else None
            except pytest.skip.Exception:
                continue
            client.force_login(users[role])
            status = _request(client, expect, name, kwargs).status_code
            wanted = _expected(expect, role, relation)
            if status != wanted:
                failures.append(f"{role}@{relation}({unit.name}): got {status}, want {wanted}")
    assert failures == [], f"{name}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", sorted(ALL_ROLES))
def test_admin_is_refused_to_every_role(client, users, role):
    client.force_login(users[role])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
