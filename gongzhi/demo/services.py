"""The demo's purchased services: 西城社区 buys social work services from the demo agency
(signed 2024-02-28), sets the deliverables, the agency's two social workers join, and they log
half a year of services, each entered on its day; everything through the services' writes."""

import datetime
from decimal import Decimal

from gongzhi.community import services as community_services
from gongzhi.community.models import SocialWorker
from gongzhi.demo.story import Story, moment
from gongzhi.programs.models import Pilot
from gongzhi.services import services
from gongzhi.services.models import Deliverable, ServiceLog, ServiceProject

TITLE = "西城社区“五社联动”专业社工服务项目"
COMMUNITY = "西城社区"
AGENCY = "广汉市示范社会工作服务中心（演示）"
PROJECT = {
    "method": "negotiation",
    "agreement_number": "GHMZ-2024-GMFW-003",
    "signed_on": datetime.date(2024, 2, 28),
    "amount": Decimal("180000.00"),
    "starts_on": datetime.date(2024, 3, 1),
    "ends_on": datetime.date(2024, 12, 31),
}
VENUE = "社区提供社工室一间（约40平方米）、办公电脑一台及活动室使用。"
SERVICE_PLAN = "一、需求调研（3月）；二、个案与小组服务（4—10月）；三、社区活动与组织孵化（全年）。"
IMPLEMENTATION_PLAN = "派驻专业社工2名，每周驻点不少于3天，按月报送服务记录。"
DELIVERABLES = [
    ("个案服务", "case", Deliverable.Measure.SERVICES, 20),
    ("小组活动", "group", Deliverable.Measure.SERVICES, 12),
    ("社区活动", "community_activity", Deliverable.Measure.SERVICES, 8),
    ("孵化社区社会组织", "incubation", Deliverable.Measure.SERVICES, 3),
    ("受益人次", "", Deliverable.Measure.BENEFICIARIES, 1500),
]
WORKERS = ["王晓燕", "李明"]
# (month, day, kind, beneficiaries, hours, what was done); the workers take turns
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


def write_services(story: Story, program) -> ServiceProject:
    """The project once (a second run finds it and writes nothing)."""
    community = story.unit(COMMUNITY)
    existing = ServiceProject.objects.filter(buyer=community, title=TITLE).first()
    if existing is not None:
        return existing
    buyer, agency_user = story.user("community"), story.user("agency")
    with story.at(moment("2024-02-28 16:00")):
        project = ServiceProject(
            program=program,
            pilot=Pilot.objects.filter(program=program, community=community).first(),
            buyer=community,
            agency=story.unit(AGENCY),
            title=TITLE,
            created_by=buyer,
            **PROJECT,
        )
        services.project_save(actor=buyer, project=project)
        for name, kind, measure, target in DELIVERABLES:
            services.deliverable_add(
                actor=buyer, project=project, name=name, kind=kind, measure=measure, target=target
            )
    with story.at(moment("2024-03-01 09:00")):
        services.venue_update(actor=buyer, project=project, venue_commitment=VENUE)
    with story.at(moment("2024-03-01 10:00")):
        services.plans_update(
            actor=agency_user,
            project=project,
            service_plan=SERVICE_PLAN,
            implementation_plan=IMPLEMENTATION_PLAN,
        )
        workers = [_worker(agency_user, project, name, community) for name in WORKERS]
    _write_logs(story, project, community, workers)
    return project


def _worker(actor, project, name, community) -> SocialWorker:
    worker = SocialWorker(name=name, unit=project.agency, qualification="social_worker")
    return community_services.worker_save(actor=actor, worker=worker, communities=[community])


def _write_logs(story, project, community, workers) -> None:
    logger = story.user("socialworker")
    for index, (month, day, kind, people, hours, text) in enumerate(LOGS):
        log = ServiceLog(
            project=project,
            community=community,
            worker=workers[index % len(workers)],
            kind=kind,
            date=datetime.date(2024, month, day),
            beneficiaries=people,
            hours=Decimal(hours),
            description=text,
        )
        with story.at(moment(f"2024-{month:02d}-{day:02d} 18:00")):
            services.log_create(actor=logger, log=log)
