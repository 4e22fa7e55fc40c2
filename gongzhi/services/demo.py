"""Demo data: 西城社区 buys social work services from the demo agency; its social workers have
logged a half-year of services (idempotent: an existing project is left as it is)."""

import datetime
from decimal import Decimal

from django.db import transaction

from gongzhi.community.models import SocialWorker
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Pilot, Program
from gongzhi.services.models import Deliverable, ServiceLog, ServiceProject

TITLE = "西城社区“五社联动”专业社工服务项目"
DELIVERABLES = [
    ("个案服务", "case", Deliverable.Measure.SERVICES, 20),
    ("小组活动", "group", Deliverable.Measure.SERVICES, 12),
    ("社区活动", "community_activity", Deliverable.Measure.SERVICES, 8),
    ("孵化社区社会组织", "incubation", Deliverable.Measure.SERVICES, 3),
    ("受益人次", "", Deliverable.Measure.BENEFICIARIES, 1500),
]
# (month, day, kind, beneficiaries, hours, what was done)
LOGS = [
    (3, 12, "needs_survey", 60, "3.0", "入户开展居民需求调研，回收问卷60份"),
    (3, 26, "case", 1, "1.5", "独居老人入户探访，评估照护需求"),
    (4, 9, "group", 14, "2.0", "“五社联动”骨干成长小组第一节"),
    (4, 23, "community_activity", 120, "3.0", "邻里文化节暨供需对接会"),
    (5, 7, "case", 2, "1.5", "困境儿童家庭个案跟进"),
    (5, 21, "volunteer_training", 35, "2.5", "社区志愿者服务技能培训"),
    (6, 4, "incubation", 8, "2.0", "协助“西城邻里互助队”制定章程、登记备案"),
    (6, 18, "group", 12, "2.0", "亲子阅读小组第三节"),
]


@transaction.atomic
def load_demo_services(program_code: str = "guanghan-2024") -> ServiceProject | None:
    """The demo project for 西城社区, with two social workers and their service logs."""
    program = Program.objects.filter(code=program_code).first()
    community = Unit.objects.filter(name="西城社区").first()
    agency = Unit.objects.filter(kind="agency", name__contains="演示").first()
    if program is None or community is None or agency is None:
        return None
    existing = ServiceProject.objects.filter(buyer=community, title=TITLE).first()
    if existing is not None:
        return existing
    from gongzhi.accounts.models import User

    author = User.objects.filter(username="community").first() or User.objects.first()
    project = ServiceProject.objects.create(
        program=program,
        pilot=Pilot.objects.filter(program=program, community=community).first(),
        buyer=community,
        title=TITLE,
        method="negotiation",
        agency=agency,
        agreement_number="GHMZ-2024-GMFW-003",
        signed_on=datetime.date(2024, 2, 28),
        amount=Decimal("180000.00"),
        starts_on=datetime.date(2024, 3, 1),
        ends_on=datetime.date(2024, 12, 31),
        service_plan="一、需求调研（3月）；二、个案与小组服务（4—10月）；三、社区活动与组织孵化（全年）。",
        implementation_plan="派驻专业社工2名，每周驻点不少于3天，按月报送服务记录。",
        venue_commitment="社区提供社工室一间（约40平方米）、办公电脑一台及活动室使用。",
        created_by=author,
    )
    for name, kind, measure, target in DELIVERABLES:
        Deliverable.objects.create(
            project=project, name=name, kind=kind, measure=measure, target=target
        )
    workers = [
        SocialWorker.objects.get_or_create(
            name=name, unit=agency, defaults={"qualification": "social_worker"}
        )[0]
        for name in ("王晓燕", "李明")
    ]
    logger = User.objects.filter(username="socialworker").first() or author
    for index, (month, day, kind, people, hours, text) in enumerate(LOGS):
        ServiceLog.objects.create(
            project=project,
            community=community,
            worker=workers[index % len(workers)],
            kind=kind,
            date=datetime.date(2024, month, day),
            beneficiaries=people,
            hours=Decimal(hours),
            description=text,
            created_by=logger,
        )
    return project
