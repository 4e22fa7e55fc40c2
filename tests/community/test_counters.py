"""The plan's targets counted from the registries, with the edge cases that must not count."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Activity
from gongzhi.community.models import BrandProject, Incubation, OrgLink, SocialOrganization, Station
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Target
from gongzhi.progress.ledger import target_rows


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
