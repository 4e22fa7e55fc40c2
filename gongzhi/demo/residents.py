"""The demo's residents: needs raised in 西城社区 through 2024 (one matched at the fourth
供需对接会, resolved and rated; one overdue on the demo day; one waiting to be accepted) and the
community's satisfaction survey answered from its QR code."""

import datetime

from gongzhi.activities.models import Activity
from gongzhi.community.models import SocialOrganization
from gongzhi.core.roles import Perm
from gongzhi.core.services import record_save
from gongzhi.demo.story import Story, moment
from gongzhi.residents import services as needs
from gongzhi.residents.calendar import load_holidays
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.surveys import services as surveys
from gongzhi.surveys.models import Survey

COMMUNITY = "西城社区"
SURVEY = "西城社区2024年居民满意度调查"
MEETING = "第四期供需对接会"  # where the first need is matched (fixtures/demo/activities.yaml)
BY_PHONE = "独居老人李大爷腿脚不便，希望有人每周送两次餐。"
# (raised at, category, what, place) — raised by residents from the community's QR page
RAISED = [
    ("2024-11-12 19:20", "设施维修", "3栋2单元楼道灯坏了一周，老人晚上上下楼看不见。", "3栋2单元"),
    ("2024-12-09 08:40", "环境卫生", "小区东门垃圾桶满了没人清运，气味很大。", "小区东门"),
    ("2024-12-17 21:05", "邻里纠纷", "楼上住户晚上经常装修噪音，沟通无果。", "5栋"),
]


def write_residents(story: Story) -> None:
    load_holidays()
    community = story.unit(COMMUNITY)
    with story.at(moment("2024-03-01 09:00")):
        needs.ensure_default_categories(story.region, actor=story.user("office"))
    categories = {c.name: c for c in NeedCategory.objects.filter(region=story.region)}
    raised = []
    for when, category, text, place in RAISED:
        with story.at(moment(when)):
            raised.append(
                needs.need_submit_public(
                    community=community,
                    category=categories[category],
                    description=text,
                    place=place,
                    resident_name="王晓梅" if not raised else "",
                    resident_phone="13908381234" if not raised else "",
                )
            )
    _resolve_at_the_meeting(story, raised[0])
    with story.at(moment("2024-12-09 10:00")):  # accepted, never resolved: overdue by the 12th
        needs.need_step(actor=story.user("community"), need=raised[1], step="accept")
    with story.at(moment("2024-12-16 15:30")):
        needs.need_record(
            actor=story.user("community"),
            community=community,
            category=categories["为老助残"],
            description=BY_PHONE,
            channel=Need.Channel.PHONE,
            resident_name="李建国",
            resident_phone="13908385678",
        )
    _survey(story, community)


def _resolve_at_the_meeting(story: Story, need: Need) -> None:
    user = story.user("community")
    meeting = Activity.objects.filter(title=MEETING, community__name=COMMUNITY).first()
    helpers = SocialOrganization.objects.get(name="西城邻里互助会")
    with story.at(moment("2024-11-13 09:10")):
        needs.need_step(actor=user, need=need, step="accept")
    with story.at(moment("2024-11-15 15:20")):
        needs.need_match(
            actor=user, need=need, resource=helpers, activity=meeting, note="互助会电工志愿者上门"
        )
    with story.at(moment("2024-11-16 10:00")):
        needs.need_step(
            actor=user, need=need, step="resolve", note="已更换楼道灯4盏，并加装声控开关。"
        )
    with story.at(moment("2024-11-17 20:00")):
        needs.need_rate(need=need, rating=5, comment="修得很快，谢谢社区！")


# 40 answers: (satisfaction option, score) repeating, so the rates are round and checkable
ANSWERS = [(1, 5), (2, 4), (1, 5), (2, 4), (3, 3), (1, 4), (2, 5), (4, 2), (1, 5), (2, 4)] * 4


def _survey(story: Story, community) -> None:
    user = story.user("community")
    with story.at(moment("2024-11-01 09:00")):
        survey = record_save(
            actor=user,
            perm=Perm.MANAGE_SURVEYS,
            instance=Survey(
                unit=community,
                title=SURVEY,
                kind=Survey.Kind.SATISFACTION,
                intro="请您对社区一年来的服务打分，约2分钟。",
                opens_on=datetime.date(2024, 11, 1),
                closes_on=datetime.date(2024, 12, 31),
                created_by=user,
            ),
        )
        asked = [
            surveys.question_add(
                actor=user,
                survey=survey,
                text="您对社区今年的服务满意吗？",
                kind="single",
                choices="非常满意\n满意\n一般\n不满意",
                positive="1,2",
            ),
            surveys.question_add(
                actor=user,
                survey=survey,
                text="请为社区“五社联动”工作打分",
                kind="scale",
                positive="4",
            ),
        ]
    for number, (choice, score) in enumerate(ANSWERS):
        with story.at(moment("2024-11-05 19:00") + datetime.timedelta(hours=7 * number)):
            surveys.response_submit(
                survey=survey,
                answers={asked[0].pk: str(choice), asked[1].pk: str(score)},
                community=community,
                phone=f"1390838{number:04d}",
            )
