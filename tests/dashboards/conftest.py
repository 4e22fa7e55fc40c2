"""Hand-made work for the demo's roles, on 2024-10-20: 西城社区's filing 2 is overdue, its item 1
is due in ten days and its items 2–5 were never reported."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from gongzhi.activities.models import Decision
from gongzhi.community.models import Volunteer, VolunteerHours
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report, ReviewStage
from tests.conftest import make_meeting

TODAY = datetime.date(2024, 10, 20)


@pytest.fixture
def today():
    import time_machine

    moment = datetime.datetime(2024, 10, 20, 2, 0, tzinfo=datetime.UTC)  # 10:00 in Beijing
    with time_machine.travel(moment, tick=True):
        yield TODAY


def pending_report(task, unit, author, stages):
    """A report submitted into `stages` (reviewing units), waiting at the first."""
    report = Report.objects.create(
        task=task,
        unit=unit,
        author=author,
        text="进展",
        state=Report.State.PENDING,
        stage=0,
        submitted_at=timezone.now(),
    )
    for position, stage_unit in enumerate(stages):
        ReviewStage.objects.create(report=report, position=position, unit=stage_unit)
    return report


def meeting(unit, author, title="联席会议"):
    return make_meeting(unit, author, title)


def hours(volunteer, author, *, activity=None, confirmed=False, date=datetime.date(2024, 10, 1)):
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        activity=activity,
        date=date,
        hours=2,
        logged_by=author,
        confirmed_by=author if confirmed else None,
        confirmed_at=timezone.now() if confirmed else None,
    )


@dataclass
class Work:
    """What each demo role must find among its to-dos, and records that must stay out."""

    xicheng: Unit
    jinshan: Unit
    street: Unit
    items: dict  # 西城社区's items by number, and "filing"
    in_review: Report  # item 4, waiting for 雒城街道
    returned: Report  # item 3, sent back to 西城社区
    elsewhere: Report  # 京皇社区's report, waiting for 汉州街道
    overdue_decision: Decision
    later_decision: Decision
    hours_for_community: VolunteerHours
    hours_for_street: VolunteerHours


@pytest.fixture
def work(demo, demo_users, today):
    units = {unit.name: unit for unit in Unit.objects.all()}
    xicheng, jinshan, street = units["西城社区"], units["金山社区"], units["雒城街道"]
    community, street_user = demo_users["community"], demo_users["street"]
    tasks = Task.objects.filter(assignments__unit=xicheng)
    items = {task.number: task for task in tasks.filter(kind="pilot_item")}
    items["filing"] = tasks.get(kind="filing")

    in_review = pending_report(items[4], xicheng, community, [street, demo.office_unit])
    returned = Report.objects.create(
        task=items[3], unit=xicheng, author=community, text="进展", state=Report.State.RETURNED
    )
    jinghuang = units["京皇社区"]
    elsewhere = pending_report(
        Task.objects.get(pilot__community=jinghuang, number=1),
        jinghuang,
        community,
        [units["汉州街道"], demo.office_unit],
    )

    activity = meeting(xicheng, community)
    overdue = Decision.objects.create(
        activity=activity, text="修缮活动室", owner=xicheng, due="2024-10-01"
    )
    later = Decision.objects.create(
        activity=activity, text="整理居民公约", owner=xicheng, due="2024-12-15"
    )
    Decision.objects.create(
        activity=activity,
        text="已办结事项",
        owner=xicheng,
        due="2024-09-01",
        closed_at=timezone.now(),
    )
    Decision.objects.create(activity=activity, text="金山的事项", owner=jinshan, due="2024-09-01")

    volunteer = Volunteer.objects.create(name="张三", unit=xicheng, phone="13900000001")
    other = Volunteer.objects.create(name="李四", unit=jinshan, phone="13900000002")
    for_community = hours(volunteer, community)
    hours(volunteer, community, confirmed=True)
    hours(other, community)
    for_street = hours(volunteer, street_user, activity=meeting(street, street_user, "街道培训"))
    return Work(
        xicheng=xicheng,
        jinshan=jinshan,
        street=street,
        items=items,
        in_review=in_review,
        returned=returned,
        elsewhere=elsewhere,
        overdue_decision=overdue,
        later_decision=later,
        hours_for_community=for_community,
        hours_for_street=for_street,
    )
