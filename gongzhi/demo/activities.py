"""The demo's activities through the activities and community services: planned a few days
ahead, signed in by QR at the door, photos and decisions after, volunteer hours logged the next
day and confirmed by the unit that organised them (or left for it to confirm)."""

import datetime

from gongzhi.activities import services
from gongzhi.activities.models import Activity
from gongzhi.community import services as community_services
from gongzhi.community.models import VolunteerHours
from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.demo.images import photo_upload
from gongzhi.demo.registries import Registries
from gongzhi.demo.story import Story, day, moment

# Names and numbers of the people signing in (fictitious): surname + given name, by position.
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = (
    "秀英",
    "建国",
    "桂芳",
    "志强",
    "淑华",
    "德明",
    "丽萍",
    "永红",
    "玉兰",
    "海燕",
    "国庆",
    "美玲",
)


def attendee(activity_index: int, n: int) -> tuple[str, str]:
    person = activity_index * 17 + n
    name = SURNAMES[person % len(SURNAMES)] + GIVEN[(person // len(SURNAMES) + n) % len(GIVEN)]
    return name, f"1370838{activity_index:02d}{n:02d}"


def _plan(story: Story, registries: Registries, actor, row) -> Activity:
    starts = moment(row["at"])
    community = row.get("community", row["unit"])
    activity = Activity(
        title=row["title"],
        type=row["type"],
        unit=story.unit(row["unit"]),
        community=story.unit(community) if community else None,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=row["lasts_hours"]),
        place=row["place"],
        planned_attendance=row["signins"] + 2,
        minutes=row.get("minutes", ""),
        created_by=actor,
    )
    if activity.community and activity.community.kind not in COMMUNITY_KINDS:
        activity.community = None  # held in no community: an office or agency event
    partners = [registries.orgs[name] for name in row.get("partners", [])]
    with story.at(starts - datetime.timedelta(days=3)):
        return services.activity_save(actor=actor, activity=activity, partners=partners)


def _sign_in(story: Story, activity: Activity, index: int, count: int) -> None:
    for n in range(count):
        name, phone = attendee(index, n)
        with story.at(
            activity.starts_at - datetime.timedelta(minutes=10) + n * datetime.timedelta(minutes=1)
        ):
            services.signin_record(activity=activity, name=name, phone=phone, ip=None)


def _after(story: Story, actor, activity: Activity, row) -> None:
    """Photos and decisions, an hour after the end; decisions closed when they were."""
    with story.at(activity.ends_at + datetime.timedelta(hours=1)):
        footer = f"{activity.unit.name} · {activity.starts_at:%Y-%m-%d}"
        photos = [photo_upload(caption, footer) for caption in row.get("photos", [])]
        if photos:
            services.photos_add(actor=actor, activity=activity, files=photos)
        decisions = [
            (
                services.decision_add(
                    actor=actor,
                    activity=activity,
                    text=item["text"],
                    owner=story.unit(item["owner"]),
                    due=day(item["due"]),
                ),
                item,
            )
            for item in row.get("decisions", [])
        ]
    for decision, item in decisions:
        if item.get("closed"):
            with story.at(moment(item["closed"])):
                services.decision_close(actor=actor, decision=decision, note=item["note"])


def _hours(story: Story, registries: Registries, activity: Activity, row) -> None:
    """Hours logged the day after; confirmed two days later by the named account, if any."""
    for logger, name, hours, *confirmer in row.get("hours", []):
        with story.at(activity.ends_at + datetime.timedelta(days=1)):
            entry = community_services.hours_log(
                actor=story.user(logger),
                entry=VolunteerHours(
                    volunteer=registries.volunteers[name],
                    activity=activity,
                    date=activity.starts_at.date(),
                    hours=hours,
                    description=activity.title,
                ),
            )
        if confirmer:
            with story.at(activity.ends_at + datetime.timedelta(days=3)):
                community_services.hours_confirm(actor=story.user(confirmer[0]), entry=entry)


def write_activities(story: Story, registries: Registries, data: dict) -> None:
    for index, row in enumerate(data.get("activities", [])):
        actor = story.user(row["by"])
        activity = _plan(story, registries, actor, row)
        _sign_in(story, activity, index, row["signins"])
        _after(story, actor, activity, row)
        _hours(story, registries, activity, row)
