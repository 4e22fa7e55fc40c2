"""The demo's 居民自治: 西城社区 adopts its charter and convention through all six steps of
四议两公开 (the result published after the resolution's week); 金山社区 has both on record from
a residents' meeting; 西湖社区 has a matter waiting at its third step."""

import datetime

from gongzhi.demo.story import Story, moment
from gongzhi.selfgov import services
from gongzhi.selfgov.models import Charter, Matter, Step
from gongzhi.selfgov.models.charters import CharterKind
from gongzhi.selfgov.models.matters import MeetingForm, StepKind

D = datetime.date
# (kind, date, entitled, present, for, against, abstain, meeting form, publication end, text)
SIX_STEPS = [
    (
        StepKind.PROPOSAL,
        D(2024, 3, 4),
        7,
        7,
        7,
        0,
        0,
        "",
        None,
        "社区党委提议修订自治章程和居民公约。",
    ),
    (StepKind.CONSULTATION, D(2024, 3, 6), 9, 9, 9, 0, 0, "", None, "两委会议商议修订稿。"),
    (StepKind.REVIEW, D(2024, 3, 12), 45, 38, 36, 1, 1, "", None, "党员大会审议通过修订稿。"),
    (
        StepKind.RESOLUTION,
        D(2024, 3, 20),
        60,
        48,
        45,
        1,
        2,
        MeetingForm.REPRESENTATIVES,
        None,
        "居民代表会议表决通过《西城社区居民自治章程》《西城社区居民公约》。",
    ),
    (
        StepKind.RESOLUTION_PUBLIC,
        D(2024, 3, 21),
        *[None] * 5,
        "",
        D(2024, 3, 28),
        "决议在社区公告栏和微信群公开。",
    ),
    (
        StepKind.RESULT_PUBLIC,
        D(2024, 4, 10),
        *[None] * 5,
        "",
        D(2024, 4, 17),
        "新章程、公约印发至每户，张贴上墙。",
    ),
]


def write_selfgov(story: Story) -> None:
    xicheng, jinshan, xihu = (story.unit(n) for n in ("西城社区", "金山社区", "西湖社区"))
    matter = _matter(story, xicheng, "community", "修订社区居民自治章程和居民公约", SIX_STEPS)
    for kind in CharterKind.values:
        with story.at(moment("2024-04-18 10:00")):
            services.charter_adopt(
                actor=story.user("community"),
                charter=Charter(
                    unit=xicheng,
                    kind=kind,
                    title=_title(xicheng, kind),
                    adopted_on=D(2024, 3, 20),
                    matter=matter,
                ),
            )
    for kind in CharterKind.values:
        with story.at(moment("2024-05-08 09:30")):
            services.charter_adopt(
                actor=story.user("jinshan"),
                charter=Charter(
                    unit=jinshan,
                    kind=kind,
                    title=_title(jinshan, kind),
                    adopted_on=D(2024, 5, 6),
                    meeting="居民会议",
                ),
            )
    _matter(story, xihu, "xihu", "社区文化广场改造项目", SIX_STEPS[:3], kind="project")


def _title(unit, kind) -> str:
    return f"《{unit.name}{CharterKind(kind).label}》"


def _matter(story, unit, username, title, steps, kind="other") -> Matter:
    user = story.user(username)
    with story.at(moment(f"{steps[0][1]:%Y-%m-%d} 09:00")):
        matter = services.matter_create(
            actor=user, matter=Matter(unit=unit, title=title, kind=kind)
        )
    for kind_, day, entitled, present, yes, no, abstain, form, ends, text in steps:
        with story.at(moment(f"{day:%Y-%m-%d} 17:00")):
            services.step_record(
                actor=user,
                matter=matter,
                step=Step(
                    kind=kind_,
                    date=day,
                    entitled=entitled,
                    present=present,
                    votes_for=yes,
                    votes_against=no,
                    votes_abstain=abstain,
                    meeting_form=form,
                    ends_on=ends,
                    text=text,
                ),
            )
    return matter
