"""The demo's typical cases and publicity: 西城社区 and 西湖社区 write up what worked, with
photos; 雒城街道 and the office make two of them public; reports in the county, city and
provincial media are recorded with links or clippings. Written through the cases services."""

import datetime

from gongzhi.cases import services
from gongzhi.cases.models import Case, Publicity
from gongzhi.demo.images import photo_upload
from gongzhi.demo.story import Story, moment
from gongzhi.programs.models import Task

CASES = [
    {
        "author": "community",
        "unit": "西城社区",
        "at": "2024-09-20 10:00",
        "title": "“五社联动”让社工室成为居民家门口的议事厅",
        "type": "five_social",
        "tags": "五社联动、社工室、多元共治",
        "summary": "西城社区以社工室为平台，引入两家社会组织入驻，联动社区志愿者和辖区商家，"
        "每月开展一次院落议事，年内解决停车、照明等居民急难愁盼问题12件。",
        "item": ("西城社区", 2),
        "photo": "社工室院落议事会",
        "published_by": "street",
    },
    {
        "author": "xihu",
        "unit": "西湖社区",
        "at": "2024-10-15 15:00",
        "title": "西湖社区“邻里守望”为老服务小分队",
        "type": "elderly",
        "tags": "为老服务、志愿服务",
        "summary": "组建由低龄老人和青年志愿者组成的服务小分队，结对独居老人46户，"
        "开展上门探访、代购代办和健康讲座，形成“时间银行”积分激励机制。",
        "item": None,
        "photo": "邻里守望上门探访",
        "published_by": "office",
    },
    {
        "author": "jinghuang",
        "unit": "京皇社区",
        "at": "2024-11-08 09:30",
        "title": "京皇社区民族团结文化节",
        "type": "ethnic",
        "tags": "民族团结、文化活动",
        "summary": "以文化节为纽带，组织各族居民同台展示民族歌舞和美食，参与居民800余人次。",
        "item": None,
        "photo": "民族团结文化节",
        "published_by": None,
    },
]

PUBLICITY = [
    {
        "author": "street",
        "unit": "雒城街道",
        "at": "2024-09-25 16:00",
        "title": "西城社区：社工室里议出居民“幸福事”",
        "media": "广汉发布",
        "media_level": "county",
        "kind": "post",
        "link": "https://example.com/guanghan/xicheng-yishi",
        "case": "“五社联动”让社工室成为居民家门口的议事厅",
    },
    {
        "author": "office",
        "unit": "市民政局",
        "at": "2024-10-30 11:00",
        "title": "广汉市“创特色”推动社区治理提质增效",
        "media": "四川日报",
        "media_level": "province",
        "kind": "report",
        "link": "",
        "clipping": "四川日报报道剪报",
        "case": None,
    },
    {
        "author": "xihu",
        "unit": "西湖社区",
        "at": "2024-11-12 18:00",
        "title": "一分钟看懂西湖社区“邻里守望”",
        "media": "德阳电视台",
        "media_level": "city",
        "kind": "video",
        "link": "https://example.com/deyang-tv/xihu-linli",
        "case": "西湖社区“邻里守望”为老服务小分队",
    },
]


def _pilot_item(program, community: str, number: int):
    return Task.objects.dangerously_unscoped(reason="demo data written for no user").get(
        program=program, pilot__community__name=community, number=number
    )


def write_cases(story: Story, program) -> None:
    if Case.objects.dangerously_unscoped(reason="demo data written for no user").exists():
        return
    written = {}
    for entry in CASES:
        when = moment(entry["at"])
        case = Case(
            title=entry["title"],
            unit=story.unit(entry["unit"]),
            type=entry["type"],
            date=when.date(),
            summary=entry["summary"],
            tags=entry["tags"],
            task=_pilot_item(program, *entry["item"]) if entry["item"] else None,
        )
        footer = f"{entry['unit']} · {when:%Y-%m-%d}"
        with story.at(when):
            case = services.case_save(
                actor=story.user(entry["author"]),
                case=case,
                photos=[photo_upload(entry["photo"], footer)],
            )
        if entry["published_by"]:
            with story.at(when + datetime.timedelta(days=3)):
                services.case_publish(
                    actor=story.user(entry["published_by"]), case=case, public=True
                )
        written[case.title] = case
    _write_publicity(story, written)


def _write_publicity(story: Story, cases: dict) -> None:
    for entry in PUBLICITY:
        when = moment(entry["at"])
        record = Publicity(
            title=entry["title"],
            unit=story.unit(entry["unit"]),
            media=entry["media"],
            media_level=entry["media_level"],
            kind=entry["kind"],
            date=when.date(),
            link=entry["link"],
            case=cases.get(entry["case"]),
        )
        clippings = []
        if entry.get("clipping"):
            clippings = [photo_upload(entry["clipping"], f"{entry['media']} · {when:%Y-%m-%d}")]
        with story.at(when):
            services.publicity_save(
                actor=story.user(entry["author"]), publicity=record, clippings=clippings
            )
