"""The demo's 好德行 exchange: 金山社区 imports a file received from 好德行 in December with its
service items, matters handled (two of them the residents' needs raised in gongzhi) and the
points its volunteers earned."""

from gongzhi.community.models import Volunteer
from gongzhi.demo.story import Story, moment
from gongzhi.exchange.services import apply_plan, plan_import
from gongzhi.residents.models import Need

COMMUNITY = "金山社区"
# 好德行 id, name, category, provider, contact, address, opening hours, status
SERVICE_ITEMS = [
    (
        "HDX-JS-SI-001",
        "老年人助餐",
        "elderly",
        "金山社区长者食堂",
        "08382201101",
        "金山苑 2栋底商",
        "每日 11:00-13:00",
        "active",
    ),
    (
        "HDX-JS-SI-002",
        "四点半课堂",
        "children",
        "金山社区党群服务中心",
        "13890000101",
        "金山社区党群服务中心 2楼",
        "工作日 16:30-18:30",
        "active",
    ),
    (
        "HDX-JS-SI-003",
        "家庭医生签约",
        "health",
        "雒城社区卫生服务站金山点",
        "08382201102",
        "金山路 18号",
        "工作日 8:30-17:30",
        "active",
    ),
    (
        "HDX-JS-SI-004",
        "法律咨询",
        "legal",
        "金山社区法律服务室",
        "13890000102",
        "金山社区党群服务中心 1楼",
        "每周三 14:00-17:00",
        "active",
    ),
    (
        "HDX-JS-SI-005",
        "灵活就业登记",
        "employment",
        "金山社区便民服务站",
        "",
        "金山社区党群服务中心 1楼",
        "工作日 9:00-17:00",
        "suspended",
    ),
]
# 好德行 id, matter, requested, handled, result, status, index of 金山's need it is (or None)
HANDLED_MATTERS = [
    ("HDX-JS-HM-001", "楼道照明维修", "2024-11-04", "2024-11-06", "已更换灯具", "done", 0),
    ("HDX-JS-HM-002", "高龄津贴申领", "2024-11-12", "2024-11-20", "已受理并发放", "done", None),
    ("HDX-JS-HM-003", "小区停车位划线", "2024-12-09", "", "", "in_progress", 1),
]
# 好德行 id, index of 金山's volunteer, points, reason, date
VOLUNTEER_POINTS = [
    ("HDX-JS-VP-001", 0, 10, "四点半课堂辅导", "2024-11-15"),
    ("HDX-JS-VP-002", 1, 5, "助餐送餐", "2024-11-22"),
    ("HDX-JS-VP-003", 0, 8, "电梯安全宣传", "2024-12-10"),
]
SERVICE_KEYS = (
    "hdx_id",
    "name",
    "category",
    "provider",
    "contact",
    "address",
    "opening_hours",
    "status",
)


def _received(community) -> dict:
    needs = list(Need.objects.filter(community=community).order_by("submitted_at", "pk")[:2])
    volunteers = list(Volunteer.objects.filter(unit=community).order_by("pk")[:2])
    items = [dict(zip(SERVICE_KEYS, row, strict=True)) for row in SERVICE_ITEMS]
    matters = [
        {
            "hdx_id": hdx_id,
            "title": title,
            "requested_on": requested,
            "handled_on": handled,
            "result": result,
            "status": status,
            "need_receipt": needs[need].receipt_code
            if need is not None and need < len(needs)
            else "",
        }
        for hdx_id, title, requested, handled, result, status, need in HANDLED_MATTERS
    ]
    points = (
        [
            {
                "hdx_id": hdx_id,
                "volunteer_ref": volunteers[who % len(volunteers)].phone_index,
                "points": score,
                "reason": reason,
                "date": date,
            }
            for hdx_id, who, score, reason, date in VOLUNTEER_POINTS
        ]
        if volunteers
        else []
    )
    records = {"service_items": items, "handled_matters": matters, "volunteer_points": points}
    return {
        key: [(n, {**row, "community": community.name}) for n, row in enumerate(rows, start=1)]
        for key, rows in records.items()
    }


def write_exchange(story: Story) -> None:
    community, keeper = story.unit(COMMUNITY), story.user("jinshan")
    with story.at(moment("2024-12-12 10:00")):
        plan = plan_import(actor=keeper, parsed=_received(community))
        if plan.errors:
            raise ValueError("\n".join(plan.errors))
        apply_plan(actor=keeper, plan=plan)
