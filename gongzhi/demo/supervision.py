"""The demo's third-party supervision: the office sets the demo third party on 西城社区's service
project; its June visit (with a photo) asks the agency to complete its service files, fixed and
closed within the month; its November visit leaves an item open past its date; its mid-term
evaluation is reviewed by 雒城街道 and accepted by the office."""

import datetime
from decimal import Decimal

from gongzhi.demo.images import photo_upload
from gongzhi.demo.services import TITLE
from gongzhi.demo.story import Story, moment
from gongzhi.services.models import ServiceProject
from gongzhi.supervision import services

THIRD_PARTY = "演示第三方评估机构"
JUNE_PHOTO = ("督导现场：查阅个案记录", "西城社区 2024-06-12")
EVALUATION = "项目按协议推进，需求调研扎实，个案与小组服务记录完整；社区活动参与面有待扩大。"


def write_supervision(story: Story) -> None:
    project = (
        ServiceProject.objects.dangerously_unscoped(reason="demo data written for no user")
        .filter(title=TITLE)
        .first()
    )
    if project is None:
        return
    third_party, agency = story.unit(THIRD_PARTY), project.agency
    supervisor = story.user("thirdparty")
    with story.at(moment("2024-03-05 10:00")):
        services.assignment_create(
            actor=story.user("office"), project=project, third_party=third_party
        )
    with story.at(moment("2024-06-12 15:00")):
        june = services.visit_create(
            actor=supervisor,
            project=project,
            third_party=third_party,
            date=datetime.date(2024, 6, 12),
            findings="服务开展正常；部分个案记录缺少服务对象签字，活动照片未按次归档。",
            items=[("补齐个案记录签字，活动照片按次归档", agency, datetime.date(2024, 6, 30))],
            files=[photo_upload(*JUNE_PHOTO)],
        )
    item = june.items.get()
    with story.at(moment("2024-06-25 17:00")):
        item = services.item_fix(
            actor=story.user("agency"), item=item, fix="已补签个案记录12份，照片按活动归档。"
        )
    with story.at(moment("2024-06-28 10:00")):
        services.item_confirm(actor=supervisor, item=item, accept=True, comment="经核查已整改。")
    with story.at(moment("2024-11-06 15:00")):
        services.visit_create(
            actor=supervisor,
            project=project,
            third_party=third_party,
            date=datetime.date(2024, 11, 6),
            findings="志愿者培训签到表不全。",
            items=[("补充志愿者培训签到表", agency, datetime.date(2024, 11, 30))],
        )
    _evaluate(story, project, third_party, supervisor)


def _evaluate(story, project, third_party, supervisor) -> None:
    with story.at(moment("2024-07-10 09:00")):
        report = services.report_create(
            actor=supervisor,
            project=project,
            third_party=third_party,
            kind="midterm",
            text=EVALUATION,
            score=Decimal("86.50"),
            submit=True,
        )
    with story.at(moment("2024-07-15 10:00")):
        report = services.report_approve(actor=story.user("street"), report=report)
    with story.at(moment("2024-07-22 10:00")):
        services.report_approve(actor=story.user("office"), report=report)
