"""The demo's acceptance round: on 2 December the office opens 西湖社区's round with the demo
third party; 西湖社区 assesses itself (system items pre-filled from its records, the rest scored
with a note, its volunteer activities cited as evidence) and submits on the 10th; 雒城街道 has
started its review on the demo day. The office can run it to the end in the demo."""

from decimal import Decimal

from gongzhi.activities.models import Activity
from gongzhi.demo.story import Story, moment
from gongzhi.evaluation import services
from gongzhi.evaluation.models import Item, Round

COMMUNITY, THIRD_PARTY = "西湖社区", "演示第三方评估机构"
# what 西湖社区 gives itself on the items no record scores: code → (points, note)
SELF_SCORES = {
    "1.1": ("5", "社区党委书记任组长，分工明确"),
    "2.1": ("5", "社工室有人员有制度，活动记录较少"),
    "2.2": ("6", "文化广场12月上旬竣工验收，略晚于10月30日"),
    "2.3": ("6", "已规范挂牌并清理证明事项"),
    "3.2": ("4", "与西湖爱心帮扶协会等联动，供需对接会记录待完善"),
    "4.1": ("5", "资金专款专用"),
    "4.2": ("5", "承接机构经规定程序确定并签订协议"),
    "4.3": ("5", "督导事项均已整改"),
    "6.1": ("4", "培育西湖爱心帮扶协会为品牌社会组织"),
    "6.2": ("3", "报道2篇"),
    "B2": ("3", "民族团结“同心工作站”做法形成案例"),
}
STREET_SCORES = {"2.2": ("5", "文化广场逾期完工，按标准扣3分")}


def _entries(round, scores) -> dict:
    items = {item.code: item for item in Item.objects.filter(category__table=round.table)}
    return {items[code].pk: (Decimal(points), note) for code, (points, note) in scores.items()}


def _self_assess(story, round) -> None:
    xihu = story.user("xihu")
    entries = _entries(round, SELF_SCORES)
    for score in round.scores.select_related("item"):
        if score.item.is_veto:
            entries[score.item_id] = (Decimal(0), "")
        elif score.item_id not in entries and score.item.kind == Item.Kind.BASIC:
            entries[score.item_id] = (score.self_points or Decimal(0), "")
    services.scores_save(actor=xihu, round=round, entries=entries)
    volunteering = round.scores.get(item__code="3.3")
    for activity in Activity.objects.filter(unit=round.unit, type="volunteer").order_by("pk")[:2]:
        services.evidence_add(
            actor=xihu, score=volunteering, kind="activities.activity", object_id=activity.pk
        )


def write_evaluation(story: Story, program) -> None:
    unit = story.unit(COMMUNITY)
    if Round.objects.filter(program=program, unit=unit).exists():
        return
    with story.at(moment("2024-12-02 09:00")):
        round = services.round_create(
            actor=story.user("office"),
            program=program,
            unit=unit,
            third_party=story.unit(THIRD_PARTY),
        )
    with story.at(moment("2024-12-09 16:00")):
        _self_assess(story, round)
    with story.at(moment("2024-12-10 10:00")):
        services.round_submit(actor=story.user("xihu"), round=round)
    with story.at(moment("2024-12-16 15:00")):
        services.scores_save(
            actor=story.user("street"), round=round, entries=_entries(round, STREET_SCORES)
        )
