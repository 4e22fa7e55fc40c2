"""The plan's targets counted from the registries, with the edge cases that must not count."""

import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Activity, Decision
from gongzhi.community.models import (
    BrandProject,
    CharityService,
    ChecklistPoint,
    Donation,
    Donor,
    ExamRecord,
    Incubation,
    OrgLink,
    SocialOrganization,
    SocialWorker,
    Station,
    TrainingRecord,
    Volunteer,
    VolunteerHours,
    VolunteerTeam,
)
from gongzhi.orgs.models import Unit
from gongzhi.programs import counters
from gongzhi.programs.document import DocumentError
from gongzhi.programs.importer import import_program
from gongzhi.programs.models import Program, Target
from gongzhi.progress.ledger import target_rows

FIXTURE = settings.BASE_DIR / "fixtures" / "guanghan-2024" / "program.json"


@pytest.fixture
def during_2024():
    with time_machine.travel(datetime.datetime(2024, 9, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _target(name):
    return Target.objects.select_related("task__program__region", "task__pilot__community").get(
        name=name
    )


def _actual(name):
    return target_rows([_target(name)])[0]


def _org(name, unit, **extra):
    fields = {"category": "living", "filing": "filed", **extra}
    return SocialOrganization.objects.create(name=name, unit=unit, **fields)


def _link(org, community, since="2024-03-01", until=None):
    return OrgLink.objects.create(organization=org, community=community, since=since, until=until)


def test_the_fifth_linked_organisation_turns_xicheng_item_3_green(demo, during_2024):
    xicheng, street = Unit.objects.get(name="西城社区"), Unit.objects.get(name="雒城街道")
    for n in range(4):
        _link(_org(f"组织{n}", street), xicheng)
    assert (_actual("链接社会组织").actual, _actual("链接社会组织").met) == (4, False)
    # none of these count: an unfiled group, a dissolved one, an ended link, a future link,
    # another community, and a second link of an organisation already counted
    _link(_org("未备案", street, filing="unfiled"), xicheng)
    _link(_org("已注销", street, is_active=False), xicheng)
    _link(_org("已结束", street), xicheng, since="2024-03-01", until="2024-05-01")
    _link(_org("尚未开始", street), xicheng, since="2024-10-01")
    _link(_org("别的社区", street), Unit.objects.get(name="金山社区"))
    _link(SocialOrganization.objects.get(name="组织0"), xicheng, since="2024-04-01")
    assert _actual("链接社会组织").actual == 4
    _link(_org("第五家", xicheng), xicheng)
    row = _actual("链接社会组织")
    assert (row.actual, row.met, row.counted) == (5, True, True)


def test_activities_count_by_type_place_and_year(demo, demo_users, during_2024):
    xicheng = Unit.objects.get(name="西城社区")

    def hold(kind, community=xicheng, when=datetime.datetime(2024, 6, 1, 9, tzinfo=datetime.UTC)):
        Activity.objects.create(
            title="活动",
            type=kind,
            unit=xicheng,
            community=community,
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=2),
            place="社区",
            created_by=demo_users["community"],
        )

    for _ in range(3):
        hold("supply_demand")
    hold("training")  # wrong type
    hold("supply_demand", community=Unit.objects.get(name="金山社区"))  # wrong community
    hold("supply_demand", when=datetime.datetime(2023, 12, 1, tzinfo=datetime.UTC))  # wrong year
    hold("supply_demand", when=datetime.datetime(2024, 12, 20, tzinfo=datetime.UTC))  # planned
    assert _actual("召开供需对接会").actual == 3
    hold("supply_demand")
    assert _actual("召开供需对接会").met is True


def test_charity_organisations_incubated_in_the_year(demo, during_2024):
    xihu = Unit.objects.get(name="西湖社区")

    def incubate(name, start="2024-04-01", stage="incubating", category="charity"):
        org = _org(name, xihu, category=category)
        Incubation.objects.create(organization=org, level="community", stage=stage, start=start)

    incubate("慈善一")
    incubate("慈善二", stage="graduated")
    incubate("去年的", start="2023-05-01")
    incubate("文体类", category="culture")
    incubate("已终止", stage="stopped")
    assert _actual("孵化培育公益慈善类社区社会组织").actual == 2


def test_stations_running_share_counts_city_and_town_stations(demo):
    region = Unit.objects.get(name="广汉市")
    for name, unit, kind, running in [
        ("市级社工站", region, "city", True),
        ("雒城街道社工站", Unit.objects.get(name="雒城街道"), "town", True),
        ("汉州街道社工站", Unit.objects.get(name="汉州街道"), "town", False),
        ("西城社区社工室", Unit.objects.get(name="西城社区"), "room", False),  # rooms do not count
    ]:
        Station.objects.create(name=name, unit=unit, kind=kind, is_running=running)
    row = _actual("市、镇(街道)两级社工站点运行率")
    assert (str(row.actual), row.met) == ("66.67", False)
    Station.objects.filter(name="汉州街道社工站").update(is_running=True)
    assert _actual("市、镇(街道)两级社工站点运行率").met is True


def test_brand_organisations_and_projects_of_the_year(demo):
    street = Unit.objects.get(name="雒城街道")
    for n in range(3):
        _org(f"品牌{n}", street, brand_year=2024)
    _org("旧品牌", street, brand_year=2023)
    _org("注销品牌", street, brand_year=2024, is_active=False)
    assert _actual("培育品牌社区社会组织").actual == 3
    BrandProject.objects.create(name="邻里守望", unit=street, year=2024)
    BrandProject.objects.create(name="老项目", unit=street, year=2023)
    assert _actual("培育品牌活动项目").actual == 1


def test_the_reference_day_is_the_years_end_once_it_is_over(demo):
    xicheng, street = Unit.objects.get(name="西城社区"), Unit.objects.get(name="雒城街道")
    _link(_org("全年", street), xicheng, since="2024-03-01")
    _link(_org("年中结束", street), xicheng, since="2024-03-01", until="2024-06-30")
    assert timezone.localdate().year > 2024
    assert _actual("链接社会组织").actual == 1  # counted on 2024-12-31


def test_pilot_communities_running_a_room(demo):
    from gongzhi.programs.models import Task

    task6 = Task.objects.get(program=demo, kind="city", number=6)
    target = Target.objects.create(
        task=task6,
        order=5,
        name="运行社工室的特色社区占比",
        comparator=">=",
        value=100,
        measure="%",
        counter="community.stations",
        counter_args={"kind": "room", "running": True},
        coverage_of="各试点社区",
    )
    Station.objects.create(
        name="西城社工室", kind="room", unit=Unit.objects.get(name="西城社区"), is_running=True
    )
    Station.objects.create(
        name="金山社工室", kind="room", unit=Unit.objects.get(name="金山社区"), is_running=False
    )
    assert str(target_rows([target])[0].actual) == "25.00"  # 1 of 4 pilot communities


def test_the_records_counted_are_one_click_away(client, demo, demo_users):
    xicheng, street = Unit.objects.get(name="西城社区"), Unit.objects.get(name="雒城街道")
    _link(_org("互助会", street), xicheng)
    _link(_org("未备案队", street, filing="unfiled"), xicheng)
    target = _target("链接社会组织")
    client.force_login(demo_users["community"])
    page = client.get(reverse("progress:task-detail", args=[target.task_id])).content.decode()
    url = reverse("progress:target-records", args=[target.pk])
    assert url in page
    records = client.get(url)
    assert [str(r) for r in records.context["records"]] == ["互助会"]
    assert "统计口径" in records.content.decode()


# --- the counters added for the plan's other targets, called as a target calls them ---


def _count(name, names, **args):
    """{unit name: count} of counter `name` over the units named, with `args`."""
    program = Program.objects.get(code="guanghan-2024")
    units = [Unit.objects.get(name=name) for name in names]
    counted = counters.get(name).compute(program, units, args)
    return {unit.name: counted[unit.pk] for unit in units}


def _records(name, unit_name, **args):
    program = Program.objects.get(code="guanghan-2024")
    unit = Unit.objects.get(name=unit_name)
    return sorted(str(record) for record in counters.get(name).records(program, unit, args))


AGENCY = "广汉市示范社会工作服务中心（演示）"
COMMUNITIES = ["西城社区", "金山社区", "西湖社区", "京皇社区"]
UNITS = ["广汉市", "雒城街道", "汉州街道", *COMMUNITIES]


def _worker(name, serves=(), **extra):
    worker = SocialWorker.objects.create(name=name, unit=Unit.objects.get(name=AGENCY), **extra)
    worker.communities.set(Unit.objects.filter(name__in=serves))
    return worker


def test_social_workers_count_where_they_work(demo):
    _worker("两社区", ["西城社区", "金山社区"], qualification="assistant")
    _worker("京皇的", ["京皇社区"], qualification="social_worker")
    _worker("驻机构", qualification="none")  # serves no community: counts at the agency
    _worker("已离岗", ["西城社区"], is_active=False)
    counted = _count("community.social_workers", [*UNITS, AGENCY])
    assert counted == {
        "广汉市": 3,
        "雒城街道": 1,  # once, though serving two of its communities
        "汉州街道": 1,
        "西城社区": 1,
        "金山社区": 1,
        "西湖社区": 0,
        "京皇社区": 1,
        AGENCY: 1,
    }
    assert _count("community.social_workers", ["广汉市"], qualification="social_worker") == {
        "广汉市": 1
    }
    assert _count("community.social_workers", ["广汉市"], qualified=True) == {"广汉市": 2}
    assert _count("community.social_workers", ["广汉市"], qualified=False) == {"广汉市": 1}
    assert _records("community.social_workers", "雒城街道") == ["两社区"]
    assert _records("community.social_workers", "广汉市") == ["两社区", "京皇的", "驻机构"]


def test_exam_passes_in_the_program_year(demo):
    passed = _worker("通过", ["西城社区"])
    ExamRecord.objects.create(worker=passed, year=2024, level="assistant", result="passed")
    ExamRecord.objects.create(worker=passed, year=2024, level="social_worker", result="passed")
    left = _worker("通过后离岗", ["西湖社区"], is_active=False)  # a pass stays a pass
    ExamRecord.objects.create(worker=left, year=2024, level="social_worker", result="passed")
    for name, year, result in [("去年通过", 2023, "passed"), ("未通过", 2024, "failed")]:
        ExamRecord.objects.create(
            worker=_worker(name, ["西城社区"]), year=year, level="assistant", result=result
        )
    ExamRecord.objects.create(
        worker=_worker("已报名", ["京皇社区"]), year=2024, level="assistant", result="registered"
    )
    assert _count("community.exam_passes", ["雒城街道", "西城社区", "汉州街道"]) == {
        "雒城街道": 2,
        "西城社区": 1,  # one person, though passing two levels
        "汉州街道": 0,
    }
    assert _count("community.exam_passes", ["雒城街道"], level="social_worker") == {"雒城街道": 2}
    assert _count("community.exam_passes", ["雒城街道"], level="senior") == {"雒城街道": 0}
    assert _records("community.exam_passes", "雒城街道") == ["通过", "通过后离岗"]


def test_workers_trained_in_the_program_year(demo):
    twice = _worker("两次", ["金山社区"])
    for day in ("2024-03-01", "2024-09-01"):
        TrainingRecord.objects.create(worker=twice, title="督导", date=day, hours=4)
    TrainingRecord.objects.create(
        worker=_worker("去年", ["金山社区"]), title="旧", date="2023-12-31", hours=2
    )
    TrainingRecord.objects.create(
        worker=_worker("京皇", ["京皇社区"]), title="入职", date="2024-05-01", hours=2
    )
    assert _count("community.trained_workers", ["雒城街道", "金山社区", "广汉市"]) == {
        "雒城街道": 1,
        "金山社区": 1,
        "广汉市": 2,
    }
    assert _records("community.trained_workers", "金山社区") == ["两次"]


def _volunteer(name, community, active=True):
    phone = f"139{Volunteer.objects.count():08d}"
    unit = Unit.objects.get(name=community)
    return Volunteer.objects.create(name=name, unit=unit, phone=phone, is_active=active)


def _log_hours(volunteer, user, day, hours, confirmed=True):
    return VolunteerHours.objects.create(
        volunteer=volunteer,
        date=day,
        hours=hours,
        logged_by=user,
        confirmed_by=user if confirmed else None,
        confirmed_at=f"{day}T20:00:00+08:00" if confirmed else None,
    )


def _donate(donor, unit, kind="money", amount=10, received="2024-02-01", pledged="2023-12-01"):
    return Donation.objects.create(
        donor=donor,
        unit=unit,
        kind=kind,
        amount=amount,
        description="捐赠",
        pledged_on=pledged,
        received_on=received,
    )


def test_volunteers_on_the_register_and_their_teams(demo):
    team = VolunteerTeam.objects.create(name="西城队", unit=Unit.objects.get(name="西城社区"))
    team.volunteer_set.add(_volunteer("甲", "西城社区"), _volunteer("乙", "西城社区"))
    gone = VolunteerTeam.objects.create(name="散队", unit=Unit.objects.get(name="西城社区"))
    gone.volunteer_set.add(_volunteer("已退出", "西城社区", active=False))
    VolunteerTeam.objects.create(name="空队", unit=Unit.objects.get(name="西城社区"))
    other = VolunteerTeam.objects.create(name="京皇队", unit=Unit.objects.get(name="京皇社区"))
    other.volunteer_set.add(_volunteer("丙", "京皇社区"))
    assert _count("community.volunteers", ["雒城街道", "西城社区", "汉州街道"]) == {
        "雒城街道": 2,
        "西城社区": 2,
        "汉州街道": 1,
    }
    assert _count("community.volunteer_teams", ["雒城街道", "京皇社区", "广汉市"]) == {
        "雒城街道": 1,  # a team of former volunteers only, or of none, is not counted
        "京皇社区": 1,
        "广汉市": 2,
    }
    assert _records("community.volunteers", "西城社区") == ["乙", "甲"]
    assert _records("community.volunteer_teams", "雒城街道") == ["西城队"]


def test_confirmed_volunteer_hours_of_the_year_are_summed(demo, demo_users):
    def log(volunteer, day, hours, confirmed=True):
        _log_hours(volunteer, demo_users["office"], day, hours, confirmed)

    xicheng, xihu = _volunteer("甲", "西城社区"), _volunteer("乙", "西湖社区")
    log(xicheng, "2024-05-01", Decimal("2.5"))
    log(xicheng, "2024-06-01", 3)
    log(xicheng, "2024-07-01", 8, confirmed=False)  # not confirmed yet
    log(xicheng, "2023-12-31", 5)  # another year
    log(xihu, "2024-05-01", 1)
    log(_volunteer("丙", "京皇社区"), "2024-05-01", 4)
    counted = _count("community.volunteer_hours", ["雒城街道", "西城社区", "京皇社区", "广汉市"])
    assert counted == {
        "雒城街道": Decimal("6.5"),
        "西城社区": Decimal("5.5"),
        "京皇社区": 4,
        "广汉市": Decimal("10.5"),
    }
    assert len(_records("community.volunteer_hours", "西城社区")) == 2


def test_charity_services_by_model_started_by_the_reference_day(demo, during_2024):
    merchant = Donor.objects.create(
        name="好邻居超市", kind="merchant", unit=Unit.objects.get(name="西城社区")
    )

    def serve(name, model, community="西城社区", since="2024-04-01"):
        CharityService.objects.create(
            provider=merchant,
            unit=Unit.objects.get(name=community),
            name=name,
            model=model,
            since=since,
        )

    serve("理发", "low_fee")
    serve("助餐", "low_fee")
    serve("家政", "market")
    serve("义诊", "free")
    serve("年底开业", "market", since="2024-10-01")  # after the reference day (today)
    serve("京皇理发", "low_fee", community="京皇社区")
    assert _actual("以“公益+低偿”方式引入社会服务").actual == 2
    assert _actual("以“公益+市场”方式引入社会服务").actual == 1
    assert _count("community.charity_services", ["雒城街道", "广汉市"]) == {
        "雒城街道": 4,
        "广汉市": 5,
    }
    assert _records("community.charity_services", "西城社区", model="market") == ["家政"]


def test_donations_received_in_the_year_by_kind(demo):
    xihu = Unit.objects.get(name="西湖社区")
    donor = Donor.objects.create(name="爱心企业", kind="enterprise", unit=xihu)

    def give(kind, amount, received, unit=xihu):
        _donate(donor, unit, kind, amount, received)

    give("money", 1000, "2024-03-01")
    give("goods", Decimal("250.50"), "2024-08-01")
    give("money", 9000, None)  # pledged, not received
    give("money", 500, "2023-12-15")  # received the year before
    give("money", 300, "2024-05-01", unit=Unit.objects.get(name="京皇社区"))
    assert _count("community.donations", ["西湖社区", "雒城街道", "广汉市"]) == {
        "西湖社区": 2,
        "雒城街道": 2,
        "广汉市": 3,
    }
    assert _count("community.donations", ["西湖社区"], kind="money") == {"西湖社区": 1}
    assert _count("community.donation_amount", ["雒城街道", "广汉市"]) == {
        "雒城街道": Decimal("1250.50"),
        "广汉市": Decimal("1550.50"),
    }
    assert _count("community.donation_amount", ["广汉市"], kind="goods") == {
        "广汉市": Decimal("250.50")
    }
    assert _count("community.donation_amount", ["汉州街道"], kind="goods") == {"汉州街道": 0}


def test_task_7_counts_the_checklist_points_established_with_evidence(demo):
    points = ChecklistPoint.objects.filter(program=demo)
    assert _actual("构建县域慈善“六个体系”").actual == 0
    six = points.filter(group="六个体系").order_by("order")
    ChecklistPoint.objects.filter(pk__in=[p.pk for p in six[:5]]).update(
        is_done=True, evidence="checklist/2024/证明.pdf"
    )
    ChecklistPoint.objects.filter(pk=six[5].pk).update(is_done=True)  # no evidence yet
    five = points.filter(group="五个机制")
    five.update(is_done=True, evidence="checklist/2024/机制.pdf")
    five.filter(name="应急响应机制").update(is_done=False)  # evidence, but not established
    row = _actual("构建县域慈善“六个体系”")
    assert (row.actual, row.met) == (5, False)
    assert _actual("建立“五个机制”").actual == 4
    ChecklistPoint.objects.filter(pk=six[5].pk).update(evidence="checklist/2024/补充.pdf")
    assert _actual("构建县域慈善“六个体系”").met is True
    # the checklist is the program's: it counts at the office's unit and above, not in streets
    assert _count("community.checklist_points", ["广汉市", "市民政局", "雒城街道"]) == {
        "广汉市": 10,
        "市民政局": 10,
        "雒城街道": 0,
    }
    assert len(_records("community.checklist_points", "广汉市", group="五个机制")) == 4


def test_task_4_counts_the_incubation_levels_at_work_in_the_year(demo):
    xihu, street = Unit.objects.get(name="西湖社区"), Unit.objects.get(name="雒城街道")

    def incubate(name, level, unit=xihu, start="2024-03-01", end=None, stage="incubating", **org):
        organization = _org(name, unit, **org)
        Incubation.objects.create(
            organization=organization, level=level, stage=stage, start=start, end=end
        )

    incubate("社区级", "community")
    incubate("又一个社区级", "community")
    incubate("去年出壳", "city", start="2023-01-01", end="2023-12-31", stage="graduated")
    incubate("终止了", "town", stage="stopped")
    incubate("注销了", "city", is_active=False)
    incubate("明年的", "town", start="2025-01-01")
    assert _actual("建立市、镇(街道)、村(社区)三级社会组织孵化体系").actual == 1
    incubate("跨年孵化", "city", unit=street, start="2023-06-01", end="2024-02-01")
    incubate("镇级", "town", unit=Unit.objects.get(name="京皇社区"), stage="graduated")
    row = _actual("建立市、镇(街道)、村(社区)三级社会组织孵化体系")
    assert (row.actual, row.met) == (3, True)
    assert _count("community.incubation_levels", ["雒城街道", "西湖社区", "汉州街道"]) == {
        "雒城街道": 2,
        "西湖社区": 1,
        "汉州街道": 1,
    }
    assert _records("community.incubation_levels", "西湖社区") == ["又一个社区级", "社区级"]


def test_organisations_by_category_filing_room_and_party_branch(demo):
    xicheng = Unit.objects.get(name="西城社区")
    _org("入驻社工室", xicheng, in_social_work_room=True, has_party_branch=True)
    _org("未入驻", xicheng, category="charity", filing="unfiled")
    _org("注销了", xicheng, in_social_work_room=True, is_active=False)
    _org("金山的", Unit.objects.get(name="金山社区"), in_social_work_room=True)
    row = _actual("引入社会组织入驻社工室")
    assert (row.actual, row.met) == (1, True)
    assert _count("community.orgs", ["西城社区", "雒城街道"]) == {"西城社区": 2, "雒城街道": 3}
    assert _count("community.orgs", ["雒城街道"], in_social_work_room=False) == {"雒城街道": 1}
    assert _count("community.orgs", ["雒城街道"], category="charity", filing="unfiled") == {
        "雒城街道": 1
    }
    assert _count("community.orgs", ["雒城街道"], has_party_branch=True) == {"雒城街道": 1}
    assert _records("community.orgs", "雒城街道", in_social_work_room=True) == [
        "入驻社工室",
        "金山的",
    ]


def test_a_street_counts_the_sum_of_its_communities(demo, demo_users):
    merchant = Donor.objects.create(
        name="商家", kind="merchant", unit=Unit.objects.get(name="西城社区")
    )
    for k, community in enumerate(["西城社区", "西城社区", "金山社区", "西湖社区", "京皇社区"]):
        unit = Unit.objects.get(name=community)
        _volunteer(f"志愿者{k}", community)
        _org(f"组织{k}", unit)
        Station.objects.create(name=f"社工室{k}", kind="room", unit=unit, is_running=True)
        CharityService.objects.create(
            provider=merchant, unit=unit, name=f"服务{k}", model="low_fee", since="2024-01-01"
        )
        _donate(merchant, unit, amount=100 + k)
    in_street = ["西城社区", "金山社区", "西湖社区"]
    for name in [
        "community.volunteers",
        "community.orgs",
        "community.stations",
        "community.charity_services",
        "community.donations",
        "community.donation_amount",
    ]:
        counted = _count(name, ["雒城街道", *in_street])
        assert counted["雒城街道"] == sum(counted[c] for c in in_street) > 0, name
        assert _count(name, ["广汉市"])["广汉市"] > counted["雒城街道"], name


def test_the_pilot_communities_running_a_room_are_covered(demo):
    row = _actual("重点村(社区)运行社工室")
    assert (row.actual, row.met) == (0, False)
    for name in COMMUNITIES:
        Station.objects.create(
            name=f"{name}社工室", kind="room", unit=Unit.objects.get(name=name), is_running=True
        )
    Station.objects.filter(name="京皇社区社工室").update(is_running=False)
    assert str(_actual("重点村(社区)运行社工室").actual) == "75.00"
    assert _actual("强化社区社工室工作").met is True  # 西城社区 runs its room


def _set_args(doc, where, args):
    task, target = where
    doc["tasks"][task]["targets"][target]["args"] = args


@pytest.mark.parametrize(
    ("where", "args", "place", "problem"),
    [
        ((5, 1), {"kind": "castle", "running": True}, "args.kind", "不是可选的值"),
        ((5, 1), {"kind": "room", "running": "yes"}, "args.running", "应为true 或 false"),
        ((6, 0), {"group": "六个体系", "colour": "red"}, "args.colour", "没有这个参数"),
        ((3, 0), {"level": "city"}, "args.level", "没有这个参数"),
        ((8, 0), {"type": "parade"}, "args.type", "不是可选的值"),
        ((8, 0), {}, "args.type", "必须填写"),
    ],
)
def test_a_counters_arguments_are_checked_at_their_place(demo, where, args, place, problem):
    doc = json.loads(FIXTURE.read_text(encoding="utf-8"))
    _set_args(doc, where, args)
    with pytest.raises(DocumentError) as error:
        import_program(doc)
    expected = f"tasks[{where[0]}].targets[{where[1]}].{place}"
    assert any(
        message.startswith(expected) and problem in message for message in error.value.errors
    ), error.value.errors


def test_the_workers_counted_are_one_click_away(client, demo, demo_users):
    _worker("社工甲", ["西城社区"])
    _worker("离岗的", ["西城社区"], is_active=False)
    target = _target("储备社工人才")
    client.force_login(demo_users["office"])
    response = client.get(reverse("progress:target-records", args=[target.pk]))
    assert [str(r) for r in response.context["records"]] == ["社工甲"]
    assert response.context["row"].met is True
    assert "没有登记服务社区" in response.content.decode()  # what is counted, said in full


SAMPLE_ARGS = {
    "activities.count": {"type": "training"},
    "surveys.positive_rate": {"kind": "satisfaction"},
}


def _grow_everything(program, user, communities):
    """In each community, one record of every kind a counter counts."""
    agency = Unit.objects.get(name=AGENCY)
    for k, unit in enumerate(communities):
        org = SocialOrganization.objects.create(
            name=f"组织{k}", unit=unit, category="charity", filing="filed", brand_year=2024
        )
        OrgLink.objects.create(organization=org, community=unit, since="2024-01-01")
        Incubation.objects.create(
            organization=org, level="community", stage="incubating", start="2024-01-01"
        )
        Station.objects.create(name=f"站{k}", kind="room", unit=unit, is_running=True)
        BrandProject.objects.create(name=f"品牌{k}", unit=unit, year=2024)
        worker = SocialWorker.objects.create(name=f"社工{k}", unit=agency)
        worker.communities.add(unit)
        ExamRecord.objects.create(worker=worker, year=2024, level="assistant", result="passed")
        TrainingRecord.objects.create(worker=worker, title="培训", date="2024-03-01", hours=2)
        volunteer = Volunteer.objects.create(name=f"志愿者{k}", unit=unit, phone=f"137{k:08d}")
        volunteer.teams.add(VolunteerTeam.objects.create(name=f"队{k}", unit=unit))
        _log_hours(volunteer, user, "2024-05-01", 2)
        donor = Donor.objects.create(name=f"商家{k}", kind="merchant", unit=unit)
        CharityService.objects.create(
            provider=donor, unit=unit, name="服务", model="low_fee", since="2024-01-01"
        )
        _donate(donor, unit)
        when = datetime.datetime(2024, 4, 1, 9, tzinfo=datetime.UTC)
        meeting = Activity.objects.create(
            title="会",
            type="training",
            unit=unit,
            community=unit,
            starts_at=when,
            ends_at=when,
            place="社区",
            created_by=user,
        )
        Decision.objects.create(
            activity=meeting, text="事项", owner=unit, due="2024-05-01", closed_at=when
        )
        _log_service(program, user, unit, agency, worker)
        _resolve_a_need(user, unit, org)
        _answer_a_survey(user, unit)


def _resolve_a_need(user, community, org):
    from gongzhi.residents.models import Need, NeedCategory, NeedMatch

    when = datetime.datetime(2024, 4, 1, 9, tzinfo=datetime.UTC)
    category, _ = NeedCategory.objects.get_or_create(
        region=Unit.objects.get(name="广汉市"), name="其他"
    )
    need = Need.objects.create(
        community=community,
        handler=community,
        category=category,
        description="路灯坏了",
        channel="phone",
        state="resolved",
        due="2024-04-08",
        submitted_at=when,
        resolved_at=when,
    )
    NeedMatch.objects.create(need=need, organization=org, matched_by=user, matched_at=when)


def _answer_a_survey(user, community):
    from gongzhi.surveys.models import Answer, Question, Response, Survey

    survey = Survey.objects.create(
        unit=community,
        title="满意度",
        kind="satisfaction",
        opens_on="2024-06-01",
        closes_on="2024-06-30",
        created_by=user,
    )
    question = Question.objects.create(
        survey=survey, text="满意吗", kind="scale", positive=[4], order=1
    )
    response = Response.objects.create(
        survey=survey,
        community=community,
        submitted_at=datetime.datetime(2024, 6, 2, tzinfo=datetime.UTC),
    )
    Answer.objects.create(response=response, question=question, score=5, positive=True)


def _log_service(program, user, community, agency, worker):
    from gongzhi.services.models import ServiceLog, ServiceProject

    project = ServiceProject.objects.create(
        program=program,
        buyer=community,
        agency=agency,
        title="社工服务",
        method="inquiry",
        starts_on="2024-01-01",
        ends_on="2024-12-31",
        created_by=user,
    )
    ServiceLog.objects.create(
        project=project,
        community=community,
        worker=worker,
        kind="case",
        date="2024-04-01",
        beneficiaries=3,
        hours=1,
        description="探访",
        created_by=user,
    )


@pytest.mark.parametrize("name", sorted(counters.REGISTRY))
def test_one_counter_call_costs_the_same_for_2_or_20_units(demo, demo_users, name):
    street = Unit.objects.get(name="雒城街道")
    communities = [
        Unit.objects.add_unit(street, name=f"新社区{k}", kind="community") for k in range(20)
    ]
    _grow_everything(demo, demo_users["office"], communities)
    counter, args = counters.get(name), SAMPLE_ARGS.get(name, {})

    def queries(units):
        with CaptureQueriesContext(connection) as captured:
            counted = counter.compute(demo, units, args)
        assert set(counted) == {unit.pk for unit in units}
        return len(captured), counted

    few, _counted = queries(communities[:2])
    many, counted = queries(communities)
    assert few == many
    if name not in NOT_IN_COMMUNITIES:
        assert all(counted[unit.pk] for unit in communities), counted  # each one counted


# Counters whose records _grow_everything does not put in communities.
NOT_IN_COMMUNITIES = {
    "cases.cases",  # cases and publicity: tests/cases/test_counters.py grows them
    "cases.publicity",
    "community.checklist_points",  # the program's, at the office
    "community.stations_running_share",  # city and town stations
    "progress.filings_approved",
    "progress.pilot_items_done",
    "selfgov.certificates_abolished",
    "selfgov.charter_and_convention",  # 居民自治 records: tests/selfgov/test_counters.py
    "selfgov.duty_lists_adopted",
    "selfgov.matters_completed",  # 居民自治 records: tests/selfgov/test_counters.py grows them
}
