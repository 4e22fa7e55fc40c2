"""Every list page, the inbox, the home page and the cockpit cost the same number of queries
whatever the amount of data they show, and that number is pinned.

The list pages are found by walking the URL conf, so a new list page fails here until it says
how to add the records it lists (`RECORDS`) and pins its cost (`PINNED`).
"""

import datetime
import itertools
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.activities.models import Activity, Decision, SignIn
from gongzhi.cases.models import Case, Publicity
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    Donation,
    Donor,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.core.views import ScopedListView
from gongzhi.dashboards.summaries import refresh
from gongzhi.evaluation.models import Category, Item, Round, ScoringTable
from gongzhi.evaluation.services import table_default
from gongzhi.exchange.models import ServiceItem
from gongzhi.funds.models import BudgetLine, FundEntry
from gongzhi.orgs.models import Unit, WorkingGroup, WorkingGroupMember
from gongzhi.programs.models import Assignment, Program, Target, Task
from gongzhi.progress.models import Notification, Report, ReviewEvent, ReviewStage
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.selfgov.models import (
    CertificateItem,
    Charter,
    DutyList,
    DutyTemplateItem,
    Matter,
    RefusedRequest,
    ServiceHours,
    Sign,
    StepKind,
)
from gongzhi.services.models import (
    Deliverable,
    ServiceLog,
    ServiceProject,
    ServiceReport,
    ServiceReviewEvent,
    ServiceReviewStage,
)
from gongzhi.smart.models import Alarm, ElevatorDevice, RejectedMessage
from gongzhi.supervision.models import (
    Rectification,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
)
from gongzhi.surveys.models import Survey
from tests.conftest import make_meeting, make_user
from tests.url_walk import named_views

_serial = itertools.count(1)
# blocks of task numbers (a small integer column), apart from the program's own tasks
_task_blocks = itertools.count(1000, 50)


@dataclass
class World:
    """The demo, seen by the program office (which reaches the whole region)."""

    program: Program
    viewer: User
    region: Unit
    civil: Unit
    street: Unit
    xicheng: Unit
    jinghuang: Unit
    agency: Unit


@pytest.fixture
def world(demo, demo_users):
    units = {unit.name: unit for unit in Unit.objects.all()}
    return World(
        program=demo,
        viewer=demo_users["office"],
        region=units["广汉市"],
        civil=units["市民政局"],
        street=units["雒城街道"],
        xicheng=units["西城社区"],
        jinghuang=units["京皇社区"],
        agency=Unit.objects.filter(kind="agency").first(),
    )


# --- how to add n more records of each listed model, with the related rows its page shows ---


def _units(world, n):
    """A street, each with one community (the street shows on the home page's next level)."""
    for _ in range(n):
        k = next(_serial)
        street = Unit.objects.add_unit(world.region, name=f"新街道{k}", kind="street")
        Unit.objects.add_unit(street, name=f"新社区{k}", kind="community")


def _users(world, n):
    """Users with two grants each."""
    for _ in range(n):
        user = make_user(f"grow_{next(_serial)}", Role.COMMUNITY, world.xicheng)
        RoleGrant.objects.create(user=user, role=Role.STREET, unit=world.street)


def _audit_entries(world, n):
    for _ in range(n):
        audit_record(actor=world.viewer, action=Action.UPDATE, unit=world.xicheng, message="m")


def _working_groups(world, n):
    for _ in range(n):
        group = WorkingGroup.objects.create(
            name=f"工作组{next(_serial)}", region=world.region, office_unit=world.civil
        )
        for order, unit in enumerate((world.civil, world.street)):
            WorkingGroupMember.objects.create(
                group=group,
                name=f"成员{order}",
                position="局长",
                unit=unit,
                duty="member",
                order=order,
            )


def _programs(world, n):
    for _ in range(n):
        k = next(_serial)
        Program.objects.create(
            code=f"grow-{k}",
            name=f"项目{k}",
            year=2024,
            region=world.region,
            office_unit=world.civil,
            goals=["目标一", "目标二"],
        )


def _organisation(world):
    return SocialOrganization.objects.create(
        name=f"组织{next(_serial)}", unit=world.xicheng, category="living", filing="filed"
    )


def _organisations(world, n):
    """Organisations, each linked to two communities."""
    for _ in range(n):
        org = _organisation(world)
        for community in (world.xicheng, world.jinghuang):
            OrgLink.objects.create(organization=org, community=community, since="2024-01-01")


def _stations(world, n):
    for _ in range(n):
        Station.objects.create(
            name=f"站点{next(_serial)}", kind="room", unit=world.xicheng, operator=world.agency
        )


def _brand_projects(world, n):
    for _ in range(n):
        project = BrandProject.objects.create(
            name=f"品牌{next(_serial)}",
            unit=world.xicheng,
            organization=_organisation(world),
            year=2024,
        )
        project.communities.set([world.xicheng, world.jinghuang])


def _workers(world, n):
    for _ in range(n):
        worker = SocialWorker.objects.create(
            name=f"社工{next(_serial)}", unit=world.agency, phone="13700000000"
        )
        worker.communities.set([world.xicheng, world.jinghuang])


def _volunteers(world, n):
    """Volunteers in a new community each, in a new team, with confirmed and unconfirmed hours."""
    for _ in range(n):
        k = next(_serial)
        community = Unit.objects.add_unit(world.street, name=f"志愿社区{k}", kind="community")
        volunteer = Volunteer.objects.create(
            name=f"志愿者{k}", unit=community, phone=f"139{k:08d}", skills="唱歌"
        )
        volunteer.teams.add(VolunteerTeam.objects.create(name=f"服务队{k}", unit=community))
        for confirmed_at in (timezone.now(), None):
            VolunteerHours.objects.create(
                volunteer=volunteer,
                date="2024-05-01",
                hours=2,
                logged_by=world.viewer,
                confirmed_by=world.viewer if confirmed_at else None,
                confirmed_at=confirmed_at,
            )


def _donors(world, n):
    for _ in range(n):
        Donor.objects.create(
            name=f"商家{next(_serial)}", kind="merchant", unit=world.xicheng, contact_name="联系人"
        )


def _activities(world, n):
    """Activities in a community, each with sign-ins."""
    for _ in range(n):
        start = timezone.now()
        activity = Activity.objects.create(
            title=f"活动{next(_serial)}",
            type="volunteer",
            unit=world.xicheng,
            community=world.xicheng,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="社区",
            planned_attendance=20,
            created_by=world.viewer,
        )
        for i in range(2):
            SignIn.objects.create(activity=activity, name="居民", phone=f"1380000000{i}")


def _notifications(world, n):
    """Unread messages of the viewer, each about a task."""
    task = Task.objects.filter(program=world.program).first()
    for _ in range(n):
        Notification.objects.create(
            user=world.viewer, task=task, key=f"grow-{next(_serial)}", title="提醒", body="内容"
        )


def _reports(world, n):
    """Community reports waiting for the viewer's review (written by the community: nobody
    reviews their own report), and reports sent back to its seat."""
    tasks = Task.objects.filter(program=world.program, kind=Task.Kind.PILOT_ITEM)
    task = tasks.filter(pilot__community=world.xicheng).first()
    community = User.objects.get(username="community")
    for _ in range(n):
        waiting = Report.objects.create(
            task=task,
            unit=world.xicheng,
            author=community,
            text="进展",
            state="pending",
            stage=1,
            submitted_at=timezone.now(),
        )
        ReviewStage.objects.create(report=waiting, position=0, unit=world.street)
        ReviewStage.objects.create(report=waiting, position=1, unit=world.civil)
        Report.objects.create(task=task, unit=world.civil, author=world.viewer, state="returned")


def _decisions(world, n):
    """Open decisions of a meeting, for the viewer's unit to carry out."""
    activity = make_meeting(world.civil, world.viewer, f"会议{next(_serial)}")
    for k in range(n):
        Decision.objects.create(
            activity=activity, text=f"事项{k}", owner=world.civil, due="2024-06-30"
        )


def _hours_to_confirm(world, n):
    """Hours logged at an activity of the viewer's unit, waiting for its confirmation."""
    activity = make_meeting(world.civil, world.viewer, f"培训{next(_serial)}", "training")
    k = next(_serial)
    volunteer = Volunteer.objects.create(name=f"志愿者{k}", unit=world.xicheng, phone=f"137{k:08d}")
    for _ in range(n):
        VolunteerHours.objects.create(
            volunteer=volunteer,
            activity=activity,
            date="2024-05-01",
            hours=2,
            logged_by=world.viewer,
        )


def _tasks(world, n):
    """City tasks, each with a target, two responsible units and two reviewed reports."""
    start = next(_task_blocks)
    assert n <= 50
    for number in range(start, start + n):
        task = Task.objects.create(
            program=world.program,
            kind="city",
            number=number,
            text=f"任务{number}",
            due="2024-06-30",
        )
        Assignment.objects.create(task=task, unit=world.civil, role="lead")
        Assignment.objects.create(task=task, unit=world.street, role="co")
        Target.objects.create(task=task, name="指标", comparator=">=", value=1)
        for unit in (world.civil, world.street):
            report = Report.objects.create(
                task=task,
                unit=unit,
                author=world.viewer,
                text="进展",
                state="approved",
                claims_completion=True,
            )
            ReviewEvent.objects.create(
                report=report,
                action="approve",
                actor=world.viewer,
                actor_unit=world.civil,
                from_state="pending",
                to_state="approved",
                stage=0,
                comment="同意",
            )


def _service_projects(world, n):
    for _ in range(n):
        ServiceProject.objects.create(
            program=world.program,
            buyer=world.xicheng,
            agency=world.agency,
            title=f"社工服务{next(_serial)}",
            method="negotiation",
            amount="100000.00",
            starts_on=datetime.date(2024, 3, 1),
            ends_on=datetime.date(2024, 12, 31),
            created_by=world.viewer,
        )


def _service_logs(world, n):
    project = ServiceProject.objects.filter(agency=world.agency).first()
    if project is None:
        _service_projects(world, 1)
        project = ServiceProject.objects.filter(agency=world.agency).first()
    worker = SocialWorker.objects.create(name=f"社工{next(_serial)}", unit=world.agency)
    for _ in range(n):
        ServiceLog.objects.create(
            project=project,
            community=world.xicheng,
            worker=worker,
            kind="case",
            date=datetime.date(2024, 5, 6),
            beneficiaries=2,
            hours=1,
            description="探访",
            created_by=world.viewer,
        )


def _service_reports_to_review(world, n):
    """Agency reports waiting at the viewer's unit (the office's acceptance)."""
    author = make_user(f"agency_{next(_serial)}", Role.AGENCY, world.agency)
    for _ in range(n):
        _service_projects(world, 1)
        project = ServiceProject.objects.order_by("-pk").first()
        report = ServiceReport.objects.create(
            project=project,
            kind="midterm",
            period_start=datetime.date(2024, 3, 1),
            period_end=datetime.date(2024, 6, 30),
            text="中期报告",
            author=author,
            state="pending",
            submitted_at=timezone.now(),
        )
        ServiceReviewStage.objects.create(report=report, position=0, unit=world.civil)


def _supervision_assignments(world, n):
    third_party = Unit.objects.add_unit(
        world.region, name=f"评估机构{next(_serial)}", kind="third_party"
    )
    for _ in range(n):
        _service_projects(world, 1)
        SupervisionAssignment.objects.create(
            project=ServiceProject.objects.order_by("-pk").first(),
            third_party=third_party,
            created_by=world.viewer,
        )


def _devices(world, n):
    for _ in range(n):
        number = next(_serial)
        ElevatorDevice.objects.create(
            community=world.xicheng,
            building="1栋",
            name=f"电梯{number}",
            registration_code=f"GROW{number:08d}",
            key_hash=f"{number:064d}",
            secret="s",
        )


def _service_items(world, n):
    for _ in range(n):
        number = next(_serial)
        ServiceItem.objects.create(
            hdx_id=f"HDX-{number}",
            community=world.xicheng,
            name=f"事项{number}",
            category="elderly",
            provider="长者食堂",
            status="active",
        )


def _alarms(world, n):
    _devices(world, 1)
    device = ElevatorDevice.objects.order_by("-pk").first()
    for sequence in range(n):
        Alarm.objects.create(
            device=device,
            sequence=sequence,
            fault="trapped",
            running_state="stopped",
            occurred_at=timezone.now(),
            channel="mqtt",
            received_at=timezone.now(),
            responsible=world.xicheng,
        )


def _rejected_messages(world, n):
    """Refused payloads, every other one of a known device."""
    _devices(world, 1)
    device = ElevatorDevice.objects.order_by("-pk").first()
    RejectedMessage.objects.bulk_create(
        RejectedMessage(channel="mqtt", device=device if k % 2 else None, reason="r", payload="{}")
        for k in range(n)
    )


def _rounds(world, n):
    """Rounds of new communities, each with a third party."""
    table = table_default(world.program)
    third_party = Unit.objects.add_unit(
        world.region, name=f"评估机构{next(_serial)}", kind="third_party"
    )
    for _ in range(n):
        community = Unit.objects.add_unit(
            world.street, name=f"新社区{next(_serial)}", kind="community"
        )
        Round.objects.create(
            program=world.program,
            table=table,
            unit=community,
            street=world.street,
            third_party=third_party,
            created_by=world.viewer,
        )


def _need_categories(world, n):
    for _ in range(n):
        NeedCategory.objects.create(
            region=world.region, name=f"类别{next(_serial)}", handler=world.street
        )


def _needs(world, n):
    category, _ = NeedCategory.objects.get_or_create(region=world.region, name="其他")
    for _ in range(n):
        Need.objects.create(
            community=world.xicheng,
            handler=world.xicheng,
            category=category,
            description="路灯坏了",
            channel="public",
            due=datetime.date(2024, 3, 1),  # overdue: on the home page's supervision list too
            submitted_at=timezone.now(),
        )


def _surveys(world, n):
    for _ in range(n):
        Survey.objects.create(
            unit=world.xicheng,
            title=f"满意度调查{next(_serial)}",
            kind="satisfaction",
            opens_on=datetime.date(2024, 6, 1),
            closes_on=datetime.date(2024, 6, 30),
            created_by=world.viewer,
        )


def _matters(world, n):
    """Major matters of a community, each with its first step recorded."""
    for _ in range(n):
        matter = Matter.objects.create(
            unit=world.xicheng,
            title=f"事项{next(_serial)}",
            kind="project",
            created_by=world.viewer,
            steps_done=1,
        )
        matter.steps.create(
            kind=StepKind.PROPOSAL,
            date="2024-03-01",
            entitled=9,
            present=9,
            votes_for=9,
            votes_against=0,
            votes_abstain=0,
            text="记录",
            recorded_by=world.viewer,
        )


def _charters(world, n):
    """Adoptions of a charter, each with a file, some adopted through a matter."""
    for _ in range(n):
        charter = Charter.objects.create(
            unit=world.xicheng,
            kind="charter",
            title=f"章程{next(_serial)}",
            adopted_on="2024-04-01",
            meeting="居民会议",
            created_by=world.viewer,
        )
        charter.files.create(
            unit=world.xicheng,
            name="a.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_by=world.viewer,
        )


def _duty_lists(world, n):
    """Lists adopted by new communities, each with a template item and a local one."""
    for _ in range(n):
        k = next(_serial)
        community = Unit.objects.add_unit(world.street, name=f"清单社区{k}", kind="community")
        duty_list = DutyList.objects.create(
            unit=community, kind="lawful", adopted_on="2024-04-01", created_by=world.viewer
        )
        source = _template_item(world)
        duty_list.items.create(source=source, number=1, text=source.text, basis=source.basis)
        duty_list.items.create(number=2, text="本社区事项", basis="依据")


def _template_item(world):
    k = next(_serial)
    return DutyTemplateItem.objects.create(
        region=world.region, kind="lawful", number=k, text=f"事项{k}", basis="依据"
    )


def _template_items(world, n):
    for _ in range(n):
        _template_item(world)


def _refusals(world, n):
    """Requests refused under an item of a community's negative list."""
    duty_list = DutyList.objects.create(
        unit=Unit.objects.add_unit(world.street, name=f"负面社区{next(_serial)}", kind="community"),
        kind="negative",
        adopted_on="2024-04-01",
        created_by=world.viewer,
    )
    item = duty_list.items.create(number=1, text="负面事项", basis="依据")
    for _ in range(n):
        RefusedRequest.objects.create(
            unit=duty_list.unit,
            date="2024-05-01",
            department="市某局",
            request="开具证明",
            item=item,
            created_by=world.viewer,
        )


def _service_hours(world, n):
    """Hours of new communities."""
    for _ in range(n):
        community = Unit.objects.add_unit(
            world.street, name=f"时段社区{next(_serial)}", kind="community"
        )
        ServiceHours.objects.create(
            unit=community,
            period="regular",
            days="周一至周五",
            hours="9:00—17:00",
            updated_by=world.viewer,
        )


def _certificates(world, n):
    for _ in range(n):
        CertificateItem.objects.create(
            unit=world.xicheng,
            name=f"证明{next(_serial)}",
            status="abolished",
            basis="文件",
            decided_on="2024-04-01",
            updated_by=world.viewer,
        )


def _signs(world, n):
    """Signs, each with a photo."""
    for _ in range(n):
        sign = Sign.objects.create(
            unit=world.xicheng,
            name=f"牌子{next(_serial)}",
            is_compliant=True,
            checked_on="2024-04-01",
            updated_by=world.viewer,
        )
        sign.photos.create(
            unit=world.xicheng,
            name="a.png",
            content_type="image/png",
            size=1,
            uploaded_by=world.viewer,
        )


def _fund_entries(world, n):
    """Allocations, each on its own project (so each waits on the office to disburse)."""
    for _ in range(n):
        _service_projects(world, 1)
        project = ServiceProject.objects.latest("pk")
        FundEntry.objects.create(
            project=project,
            kind="allocation",
            source="city",
            amount="5000.00",
            date=datetime.date(2024, 6, 1),
            created_by=world.viewer,
        )


def _cases(world, n):
    for _ in range(n):
        Case.objects.create(
            title=f"案例{next(_serial)}",
            unit=world.xicheng,
            type="party",
            date=datetime.date(2024, 6, 1),
            summary="做法",
            created_by=world.viewer,
        )


def _publicity(world, n):
    for _ in range(n):
        Publicity.objects.create(
            title=f"报道{next(_serial)}",
            unit=world.xicheng,
            media="广汉发布",
            media_level="county",
            kind="report",
            date=datetime.date(2024, 6, 1),
            link="https://example.com/a",
            created_by=world.viewer,
        )


# Model → how to add n records of it that the viewer sees. A new list page must add its own.
RECORDS = {
    Unit: _units,
    User: _users,
    AuditEntry: _audit_entries,
    WorkingGroup: _working_groups,
    Program: _programs,
    SocialOrganization: _organisations,
    Station: _stations,
    BrandProject: _brand_projects,
    SocialWorker: _workers,
    Volunteer: _volunteers,
    Donor: _donors,
    Activity: _activities,
    Notification: _notifications,
    Report: _reports,
    Task: _tasks,
    Decision: _decisions,
    VolunteerHours: _hours_to_confirm,
    ServiceProject: _service_projects,
    ServiceLog: _service_logs,
    ServiceReport: _service_reports_to_review,
    Need: _needs,
    NeedCategory: _need_categories,
    Survey: _surveys,
    Matter: _matters,
    Charter: _charters,
    DutyList: _duty_lists,
    DutyTemplateItem: _template_items,
    RefusedRequest: _refusals,
    ServiceHours: _service_hours,
    CertificateItem: _certificates,
    Sign: _signs,
    FundEntry: _fund_entries,
    SupervisionAssignment: _supervision_assignments,
    ElevatorDevice: _devices,
    ServiceItem: _service_items,
    Alarm: _alarms,
    RejectedMessage: _rejected_messages,
    Round: _rounds,
    Case: _cases,
    Publicity: _publicity,
}


LIST_PAGES = {
    name: (view.model,) for name, view in named_views() if issubclass(view, ScopedListView)
}
# Pages that are not lists of one model, and the models whose records they show.
OTHER_PAGES = {
    "progress:inbox": (Notification,),
    "dashboards:home": (
        Report,
        Notification,
        Program,
        Unit,
        Decision,
        VolunteerHours,
        ServiceReport,
        Need,
        FundEntry,
        Alarm,
    ),
    "dashboards:cockpit": (Task,),
    "dashboards:pilot": (Case, Alarm),
}
PAGES = LIST_PAGES | OTHER_PAGES
ARGS = {
    "dashboards:cockpit": lambda world: [world.program.pk],
    "dashboards:pilot": lambda world: [world.program.pilots.get(community=world.xicheng).pk],
}

# Every page counts the navbar's to-dos in one query (gongzhi/core/work.py); the home page
# lists them instead: per work source its entries and one COUNT (and the tasks' units).
PINNED = {
    "accounts:user-list": 9,
    "activities:activity-list": 9,  # + the configurable lists, read once
    "community:brand-list": 9,
    "community:donor-list": 8,
    "community:org-list": 9,  # + the configurable lists, read once
    "community:station-list": 9,  # + the configurable lists, read once
    "community:volunteer-list": 10,
    "community:worker-list": 8,
    "core:audit-list": 9,  # one query per kind of record shown; paged by cursor, never counted
    # summary state, waiting changes (small programs), row, listed tasks, units, phases, targets
    "dashboards:cockpit": 14,
    "dashboards:home": 51,  # + the evaluation and alarm to-dos (entries and a COUNT each)
    # + the live panel of open alarms: are there devices, the latest open alarms
    "orgs:unit-list": 8,
    "orgs:working-group": 9,
    "programs:program-list": 8,
    "progress:inbox": 8,
    "services:log-list": 9,  # + the configurable lists, read once
    "services:project-list": 9,  # + the configurable lists, read once
    "residents:need-list": 11,  # + the totals, the category choices, the QR communities
    "residents:category-list": 10,  # + the region of the office
    "surveys:survey-list": 8,
    "selfgov:certificate-list": 8,
    "selfgov:charter-list": 9,
    "selfgov:duty-list": 8,
    "selfgov:hours-list": 8,
    "selfgov:matter-list": 9,
    "selfgov:refusal-list": 8,
    "selfgov:sign-list": 9,
    "selfgov:template-list": 8,  # + the configurable lists, read once
    "funds:ledger": 11,  # + the configurable lists, read once; + the sums per unit
    "supervision:assignment-list": 8,
    "smart:alarm-list": 10,  # + the open alarms (live) and the statistics per fault type
    "smart:alarm-live": 7,
    "smart:device-list": 8,
    "smart:rejected-list": 8,
    "evaluation:round-list": 11,  # + the program, its current scoring table, the office check
    # items and targets counted, cases, photos, projects, money, round; the live alarm panel (2)
    "dashboards:pilot": 26,
    "exchange:home": 8,
    "cases:case-list": 9,  # + the configurable lists, read once
    "cases:publicity-list": 9,  # + the configurable lists, read once
}


def test_every_page_says_how_to_grow_its_records_and_pins_its_cost():
    assert len(LIST_PAGES) >= 12
    missing = sorted(
        f"{name}: {model.__name__}"
        for name, models in PAGES.items()
        for model in models
        if model not in RECORDS
    )
    assert missing == [], f"say how to add records the viewer sees: {missing}"
    assert sorted(set(PAGES) - set(PINNED)) == [], "pin the query count of these pages"
    assert sorted(set(PINNED) - set(PAGES)) == [], "these pinned pages no longer exist"


# How many records a page shows, to prove the records added are the ones it shows.
SHOWN = {
    "dashboards:home": lambda context: context["work_total"],
    "dashboards:cockpit": lambda context: context["figures"]["overall"]["total"],
    "orgs:unit-detail": lambda context: len(context["children"]),
    "dashboards:pilot": lambda context: len(context["cases"]),
    # paged by cursor, never counted: newest first, so the newest id shown grows with the ids added
    "core:audit-list": lambda context: max(entry.pk for entry in context["object_list"]),
}


def _shown(context):
    paginator = context.get("paginator")
    return paginator.count if paginator else len(context["object_list"])


# What brings a page's data up to date before its cost is counted: the cockpit reads summaries
# the worker rebuilds after each change (their rebuild is pinned in tests/dashboards).
BEFORE = {"dashboards:cockpit": lambda: refresh(only_dirty=True)}


def _count(client, url, name):
    """The page's query count and how many records it shows."""
    BEFORE.get(name, lambda: None)()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), SHOWN.get(name, _shown)(response.context)


def _grow(world, name, n):
    for model in PAGES[name]:
        RECORDS[model](world, n)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_cost_does_not_grow_with_its_records(client, world, name):
    client.force_login(world.viewer)
    url = reverse(name, args=ARGS.get(name, lambda world: [])(world))
    _count(client, url, name)  # the first request after login records the session's activity
    _grow(world, name, 2)
    small, shown = _count(client, url, name)
    _grow(world, name, 20)
    large, shown_after = _count(client, url, name)
    assert shown_after >= shown + 20, f"{name} does not show the records added"
    assert (small, large) == (PINNED[name], PINNED[name]), f"{name}: {small} then {large} queries"


def test_unit_detail_cost_does_not_grow_with_children(client, tree, office):
    client.force_login(office)
    url = reverse("orgs:unit-detail", args=[tree.street_b.pk])

    def grow(n):
        for i in range(n):
            community = Unit.objects.add_unit(
                tree.street_b, name=f"新社区{next(_serial)}", kind="community"
            )
            make_user(f"grow_{next(_serial)}_{i}", Role.COMMUNITY, community)

    _count(client, url, "orgs:unit-detail")
    grow(3)
    small, shown = _count(client, url, "orgs:unit-detail")
    grow(20)
    assert _count(client, url, "orgs:unit-detail") == (small, shown + 20)


@pytest.mark.parametrize("name", sorted(n for n in LIST_PAGES if n.startswith("community:")))
def test_deactivated_records_leave_a_registry_list_at_the_same_cost(client, world, name):
    client.force_login(world.viewer)
    url = reverse(name)
    _count(client, url, name)
    _grow(world, name, 4)
    _queries, shown = _count(client, url, name)
    model = PAGES[name][0]
    retired = list(model.objects.order_by("-pk").values_list("pk", flat=True)[:2])
    model.objects.filter(pk__in=retired).update(
        deactivated_at=timezone.now(), deactivated_by=world.viewer, deactivation_reason="重复登记"
    )
    in_use, shown_in_use = _count(client, url, name)
    every, shown_every = _count(client, f"{url}?retired=with", name)
    assert (in_use, every) == (PINNED[name], PINNED[name])
    assert (shown_in_use, shown_every) == (shown - 2, shown)


SERVICE_DETAIL_PINNED = {"services:project-detail": 13, "services:report-detail": 13}


def _grow_service_project(world, project, n):
    """More deliverables, logs, agreement files and events on one project and its report."""
    worker = SocialWorker.objects.create(name=f"社工{next(_serial)}", unit=world.agency)
    report = project.reports.get()
    for k in range(n):
        Deliverable.objects.create(project=project, name=f"指标{k}", kind="case", target=5)
        ServiceLog.objects.create(
            project=project,
            community=world.xicheng,
            worker=worker,
            kind=["case", "group"][k % 2],
            date=datetime.date(2024, 5, 6),
            beneficiaries=2,
            hours=1,
            description="探访",
            created_by=world.viewer,
        )
        ServiceReviewEvent.objects.create(
            report=report,
            action="submit",
            actor=world.viewer,
            actor_unit=world.agency,
            from_state="draft",
            to_state="pending",
            stage=0,
        )


@pytest.mark.parametrize("name", sorted(SERVICE_DETAIL_PINNED))
def test_service_detail_pages_cost_does_not_grow(client, world, name):
    _service_reports_to_review(world, 1)
    report = ServiceReport.objects.get()
    project = report.project
    client.force_login(world.viewer)
    target = project if name == "services:project-detail" else report
    url = reverse(name, args=[target.pk])
    _count_page(client, url)
    _grow_service_project(world, project, 2)
    small = _count_page(client, url)
    _grow_service_project(world, project, 20)
    large = _count_page(client, url)
    wanted = SERVICE_DETAIL_PINNED[name]
    assert (small, large) == (wanted, wanted), f"{name}: {small} then {large} queries"


def _count_page(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- the REST API's lists: the same rule, per page of results -------------------------------


def _items(world, n):
    """Work items of 西城's pilot, each with a target counted by hand."""
    pilot = Task.objects.filter(pilot__community=world.xicheng).first().pilot
    start = next(_task_blocks)
    assert n <= 50
    for number in range(start, start + n):
        task = Task.objects.create(
            program=world.program,
            kind="pilot_item",
            pilot=pilot,
            number=number,
            text=f"任务{number}",
            due="2024-06-30",
        )
        Assignment.objects.create(task=task, unit=world.xicheng, role="lead")
        Target.objects.create(task=task, name="指标", comparator=">=", value=1)


def _teams(world, n):
    for _ in range(n):
        VolunteerTeam.objects.create(name=f"服务队{next(_serial)}", unit=world.xicheng)


def _donations(world, n):
    _donors(world, n)
    for donor in Donor.objects.order_by("-pk")[:n]:
        Donation.objects.create(
            donor=donor,
            unit=world.xicheng,
            kind="money",
            description="捐款",
            pledged_on="2024-05-01",
        )


def _charity_services(world, n):
    _donors(world, n)
    for donor in Donor.objects.order_by("-pk")[:n]:
        CharityService.objects.create(
            provider=donor, unit=world.xicheng, name="理发", model="low_fee", since="2024-05-01"
        )


def _budget_lines(world, n):
    _service_projects(world, n)
    for project in ServiceProject.objects.order_by("-pk")[:n]:
        BudgetLine.objects.create(
            project=project,
            source="city",
            item="人员经费",
            amount="100.00",
            created_by=world.viewer,
        )


def _scoring_tables(world, n):
    """New versions of the program's table, each with a category of two items."""
    for _ in range(n):
        table = ScoringTable.objects.create(
            program=world.program, version=next(_serial) + 100, name="评分表"
        )
        category = Category.objects.create(table=table, name="基础工作")
        for code in ("1", "2"):
            Item.objects.create(category=category, code=code, name="台账", points=5)


def _latest_assignment(world):
    _supervision_assignments(world, 1)
    return SupervisionAssignment.objects.order_by("-pk").first()


def _visits(world, n):
    """Visits of a project the viewer's county bought, each asking 西城 to fix one thing."""
    assignment = _latest_assignment(world)
    for _ in range(n):
        visit = Visit.objects.create(
            project=assignment.project,
            third_party=assignment.third_party,
            date="2024-06-01",
            findings="台账不全",
            created_by=world.viewer,
        )
        Rectification.objects.create(
            visit=visit, what="补齐台账", owner=world.xicheng, due_on="2024-06-30"
        )


def _supervision_reports(world, n):
    """One audit report per assignment (a third party writes one of each kind)."""
    for _ in range(n):
        assignment = _latest_assignment(world)
        SupervisionReport.objects.create(
            project=assignment.project,
            third_party=assignment.third_party,
            kind="audit",
            text="审计报告",
            author=world.viewer,
        )


API_RECORDS = {
    "api:organizations-list": _organisations,
    "api:organization-links-list": _organisations,
    "api:stations-list": _stations,
    "api:brand-projects-list": _brand_projects,
    "api:social-workers-list": _workers,
    "api:volunteer-teams-list": _teams,
    "api:volunteers-list": _volunteers,
    "api:volunteer-hours-list": _hours_to_confirm,
    "api:donors-list": _donors,
    "api:donations-list": _donations,
    "api:charity-services-list": _charity_services,
    "api:activities-list": _activities,
    "api:decisions-list": _decisions,
    "api:needs-list": _needs,
    "api:surveys-list": _surveys,
    "api:service-projects-list": _service_projects,
    "api:service-logs-list": _service_logs,
    "api:fund-entries-list": _fund_entries,
    "api:budget-lines-list": _budget_lines,
    "api:units-list": _units,
    "api:programs-list": _programs,
    "api:tasks-list": _tasks,
    "api:items-list": _items,
    "api:targets-list": _tasks,
    "api:reports-list": _reports,
    "api:scoring-tables-list": _scoring_tables,
    "api:rounds-list": _rounds,
    "api:elevator-devices-list": _devices,
    "api:alarms-list": _alarms,
    "api:cases-list": _cases,
    "api:publicity-list": _publicity,
    "api:supervision-assignments-list": _supervision_assignments,
    "api:supervision-visits-list": _visits,
    "api:supervision-reports-list": _supervision_reports,
}
API_PINNED = {
    # plain lists: the same five queries whatever the number of rows
    **{name: 5 for name in API_RECORDS},
    "api:units-list": 5,
    "api:programs-list": 5,
    # targets counted from records: one counter call per (counter, arguments) on the page,
    # as on the cockpit, never per row
    "api:tasks-list": 75,
    "api:items-list": 49,
    "api:targets-list": 73,
    "api:reports-list": 8,
    # the nested records: one query for each level
    "api:scoring-tables-list": 7,
    "api:supervision-visits-list": 6,
}


def _api_lists():
    from gongzhi.api import endpoints  # noqa: F401
    from gongzhi.api.registry import ROUTES

    return sorted(
        f"api:{route.basename}-list" for route in ROUTES if hasattr(route.viewset, "list")
    )


def test_every_api_list_is_pinned():
    assert _api_lists() == sorted(API_PINNED) == sorted(API_RECORDS)


def _api_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("name", sorted(API_PINNED))
def test_api_list_cost_does_not_grow_with_its_records(client, world, name):
    client.force_login(world.viewer)
    url = reverse(name)
    _api_count(client, url)
    API_RECORDS[name](world, 2)
    small, shown = _api_count(client, url)
    API_RECORDS[name](world, 20)
    large, shown_after = _api_count(client, url)
    assert shown_after >= min(shown + 20, 200), f"{name} does not list the records added"
    assert (small, large) == (API_PINNED[name], API_PINNED[name]), f"{name}: {small}, {large}"
