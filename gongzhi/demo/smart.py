"""The demo's smart community: three elevators of 金山社区 (the plan's 智慧科技型 pilot) with
their alarms: a trapped passenger in October and a stop outside the door zone in November, both
handled and resolved, and an overtravel the day before the demo day, still unacknowledged; and
one payload the ingester refused."""

import datetime
from decimal import Decimal

from gongzhi.demo.boundaries import write_boundaries, write_grid_workers
from gongzhi.demo.story import Story, moment
from gongzhi.smart import services
from gongzhi.smart.ingest import Payload, ingest, store
from gongzhi.smart.points import import_points

COMMUNITY = "金山社区"
ACK_AFTER = datetime.timedelta(minutes=3)
RESOLVE_AFTER = datetime.timedelta(minutes=50)
# the escalation checks after an alarm nobody acknowledged (deadlines 5 and 15 minutes by default)
UNANSWERED_CHECKS = [datetime.timedelta(minutes=6), datetime.timedelta(minutes=16)]
# building, name, registration code, WGS-84 latitude and longitude (generated, around 广汉)
DEVICES = [
    ("金山苑 1栋", "1号梯", "51068120180100001", "30.979120", "104.268410"),
    ("金山苑 1栋", "2号梯", "51068120180100002", "30.979180", "104.268520"),
    ("金山苑 3栋", "1号梯", "51068120190300001", "30.980050", "104.269730"),
]
ACK_1, RESOLVED_1 = "维保人员 15 分钟到场", "困 2 人，已安全救出；门锁触点更换"
ACK_2, RESOLVED_2 = "已通知维保单位", "平层传感器故障，已更换"
# device index, sequence, fault, running state, when, values, (acknowledged, note), resolved note
ALARMS = [
    (
        0,
        101,
        "trapped",
        "stopped",
        "2024-10-08 19:42",
        {"floor": 7},
        "维保人员 15 分钟到场",
        "困 2 人，已安全救出；门锁触点更换",
    ),
    (
        2,
        57,
        "stop_outside_zone",
        "fault",
        "2024-11-20 08:15",
        {"floor": 3},
        "已通知维保单位",
        "平层传感器故障，已更换",
    ),
    (1, 233, "top_overtravel", "fault", "2024-12-17 21:06", {"floor": 18, "speed": 0.0}, "", ""),
]
# a payload the ingester refused (its clock sent no time zone), for the refused messages' page
REFUSED_AT, REFUSED_CODE = "2024-12-16 14:32", "51068120190300001"
REFUSED = (
    b'{"registration_code": "51068120190300001", "sequence": 58, "time": "2024-12-16 14:32:07",'
    b' "running_state": "normal", "fault": "power_failure", "values": {}}'
)


# emergency resources and living facilities around 金山苑 (generated positions, WGS-84)
PLACES = [
    ("emergency", "AED", "金山社区党群服务中心 AED", "30.978700", "104.267900"),
    ("emergency", "应急避难场所", "金山广场应急避难场所", "30.981200", "104.270400"),
    ("emergency", "消防点", "金山苑微型消防站", "30.979900", "104.268900"),
    ("living", "菜场", "金山农贸市场", "30.977600", "104.271200"),
    ("living", "药店", "金山大药房", "30.978300", "104.269500"),
    ("living", "医疗点", "雒城社区卫生服务站金山点", "30.980600", "104.266800"),
    ("living", "学校", "金山小学", "30.982300", "104.268100"),
]


def _places_document() -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {"name": name, "layer": layer, "kind": kind, "unit": COMMUNITY},
            }
            for layer, kind, name, lat, lon in PLACES
        ],
    }


def write_smart(story: Story) -> None:
    community, keeper = story.unit(COMMUNITY), story.user("jinshan")
    devices = []
    with story.at(moment("2024-09-02 10:00")):
        for building, name, code, latitude, longitude in DEVICES:
            device, _credentials = services.device_register(
                actor=keeper,
                community=community,
                building=building,
                name=name,
                registration_code=code,
                latitude=Decimal(latitude),
                longitude=Decimal(longitude),
            )
            devices.append(device)
        import_points(actor=keeper, document=_places_document(), generated=True)
        write_boundaries(story)
        write_grid_workers(story)
    for index, sequence, fault, state, when, values, acknowledged, resolved in ALARMS:
        at = moment(when)
        with story.at(at):
            payload = Payload(devices[index].registration_code, sequence, at, state, fault, values)
            alarm = store(payload, devices[index], "mqtt").alarm
        if acknowledged:
            with story.at(moment(when) + ACK_AFTER):
                services.alarm_acknowledge(actor=keeper, alarm=alarm, note=acknowledged)
            with story.at(moment(when) + RESOLVE_AFTER):
                services.alarm_resolve(actor=keeper, alarm=alarm, note=resolved)
        else:  # nobody acknowledged it: it climbed to 雒城街道, then to the city
            for after in UNANSWERED_CHECKS:
                with story.at(at + after):
                    services.escalate_alarms()
    with story.at(moment(REFUSED_AT)):
        ingest(REFUSED, channel="mqtt", topic=f"gongzhi/elevators/{REFUSED_CODE}/alarm")
