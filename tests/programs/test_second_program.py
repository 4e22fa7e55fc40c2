"""A second program of another shape: 德阳市 2025 (a prefecture, three strands with their own
types and categories, same-named bureaus in every county, ratio and coverage targets).
Loaded from fixtures/deyang-2025 without any management command: the unit tree, the import, the
export back to the very same document, computed actuals, refusals naming their place, and the
ledger and cockpit pages as the office sees them."""

import copy
import datetime
import json
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from gongzhi.activities.models import Activity
from gongzhi.community.models import OrgLink, SocialOrganization, Station
from gongzhi.core.roles import Role
from gongzhi.orgs.loader import load_orgs, unit_at
from gongzhi.orgs.models import Unit, UnitStatistics, WorkingGroup, WorkingGroupMember
from gongzhi.programs.document import DocumentError
from gongzhi.programs.exporter import export_program
from gongzhi.programs.importer import import_program, preview_program
from gongzhi.programs.models import (
    Assignment,
    Milestone,
    Phase,
    Pilot,
    Program,
    ProgramVersion,
    Strand,
    Target,
    Task,
)
from gongzhi.progress.ledger import target_rows
from tests.conftest import make_user

FIXTURE = settings.BASE_DIR / "fixtures" / "deyang-2025"
COUNTIES = ["旌阳区", "什邡市", "绵竹市"]
STREETS = ["旌阳街道", "方亭街道", "剑南街道", "紫岩街道"]
PILOTS = [  # community, street, strand, type, items
    ("鼓楼街社区", "方亭街道", "补短板", "便民服务型", 2),
    ("三星街社区", "剑南街道", "补短板", "自治互助型", 1),
    ("陕西馆社区", "旌阳街道", "提能力", "社会组织参与型", 2),
    ("光华社区", "旌阳街道", "提能力", "自治互助型", 1),
    ("大南路社区", "剑南街道", "创特色", "社会企业带动型", 1),
    ("月亮社区", "紫岩街道", "创特色", "社会组织参与型", 1),
]
RESIDENTS_2025 = 10000 + 7500 + 8200 + 4200 + 6400 + 5000 + 6800 + 1000  # every community


def _document() -> dict:
    return json.loads((FIXTURE / "program.json").read_text(encoding="utf-8"))


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture
def deyang(db) -> Unit:
    return load_orgs(FIXTURE / "orgs.yaml")


@pytest.fixture
def program(deyang) -> Program:
    program, changes = import_program(_document(), source="fixtures/deyang-2025/program.json")
    assert changes > 0
    return program


@pytest.fixture
def during_2025():
    with time_machine.travel(datetime.datetime(2025, 12, 1, 9, tzinfo=datetime.UTC), tick=False):
        yield


def _unit(*names) -> Unit:
    return unit_at(["德阳市", *names])


def _task(program, number) -> Task:
    return Task.objects.get(program=program, kind=Task.Kind.CITY, number=number)


def _item(program, community, number) -> Task:
    return Task.objects.get(program=program, pilot__community__name=community, number=number)


def _parent(unit) -> Unit:
    return Unit.objects.get(path=unit.path[: -Unit.steplen])


def _units(task, role) -> list[tuple[str, str, str]]:
    """(parent name, unit name, phrase) of a task's lead or co-units, in order."""
    rows = task.assignments.filter(role=role).select_related("unit").order_by("order")
    return [(_parent(row.unit).name, row.unit.name, row.via_group) for row in rows]


# --- the tree and the import ------------------------------------------------------------------


def test_the_tree_has_a_bureau_of_the_same_name_in_every_county(deyang):
    assert deyang.kind == "prefecture"
    bureaus = Unit.objects.subtree_of(deyang).filter(name="市民政局")
    assert sorted(_parent(unit).name for unit in bureaus) == ["什邡市", "德阳市", "绵竹市"]
    departments = Unit.objects.subtree_of(deyang).filter(name="市委社会工作部")
    assert sorted(_parent(unit).name for unit in departments) == ["什邡市", "德阳市", "绵竹市"]
    children = Unit.objects.children_of(deyang).filter(kind="county")
    assert [unit.name for unit in children.order_by("path")] == COUNTIES
    communities = Unit.objects.subtree_of(deyang).filter(kind="community")
    assert communities.count() == 8
    load_orgs(FIXTURE / "orgs.yaml")  # loading again adds nothing
    assert Unit.objects.subtree_of(deyang).count() == 1 + 4 + 3 * 3 + len(STREETS) + 8


def test_the_program_imports_with_its_strands_types_and_categories(program, deyang):
    assert (program.code, program.year, program.region, program.version) == (
        "deyang-2025",
        2025,
        deyang,
        1,
    )
    assert (program.office_unit.name, _parent(program.office_unit)) == ("市委社会工作部", deyang)
    assert program.issued is None and program.types == [] and program.categories == []
    strands = [(s.name, s.types, [c["code"] for c in s.categories]) for s in program.strands.all()]
    assert strands == [
        ("补短板", ["便民服务型", "自治互助型"], ["space", "service"]),
        ("提能力", ["社会组织参与型", "自治互助型"], ["workers", "selfgov"]),
        ("创特色", ["社会企业带动型", "社会组织参与型"], ["brand", "scene"]),
    ]
    pilots = [
        (p.community.name, p.street.name, p.strand.name, p.type_name, p.items.count())
        for p in program.pilots.select_related("community", "street", "strand")
    ]
    assert pilots == PILOTS
    item = _item(program, "陕西馆社区", 1)
    assert (item.category, item.category_name) == ("workers", "队伍建设")
    assert _units(item, "lead") == [("旌阳街道", "陕西馆社区", "")]


def test_group_phrases_expand_and_are_kept_as_phrases(program):
    counties = [("德阳市", name, "各县(市、区)") for name in COUNTIES]
    assert _units(_task(program, 1), "co") == [("德阳市", "市住房城乡建设局", ""), *counties]
    assert _units(_task(program, 7), "lead") == counties
    assert _task(program, 7).assignments.filter(role="co").count() == 0
    streets = [(_parent(s).name, s.name, "各镇(街道)") for s in map(_street, STREETS)]
    assert _units(_task(program, 3), "co") == streets
    assert _units(_task(program, 5), "co") == counties + streets
    # the pilots' streets, in pilot order, each once
    pilot_streets = ["方亭街道", "剑南街道", "旌阳街道", "紫岩街道"]
    assert [name for _p, name, _v in _units(_task(program, 6), "co")] == pilot_streets
    assert {via for _p, _n, via in _units(_task(program, 6), "co")} == {"各试点镇(街道)"}


def _street(name) -> Unit:
    return Unit.objects.get(name=name, kind="street")


def test_a_path_names_the_bureau_of_that_county(program):
    assert _units(_task(program, 4), "lead") == [("什邡市", "市民政局", "")]
    assert _units(_task(program, 4), "co") == [("什邡市", "方亭街道", "")]
    assert _units(_task(program, 3), "lead") == [("德阳市", "市民政局", "")]
    group = WorkingGroup.objects.get(programs=program)
    members = [(m.name, _parent(m.unit).name, m.unit.name, m.duty) for m in group.members.all()]
    assert members == [
        ("周立新", "德阳市", "市委社会工作部", "leader"),
        ("吴敏", "德阳市", "市民政局", "deputy"),
        ("郑海", "德阳市", "市财政局", "member"),
        ("孙悦", "旌阳区", "区委社会工作部", "member"),
        ("何平", "什邡市", "市委社会工作部", "member"),
        ("冯静", "绵竹市", "市委社会工作部", "member"),
    ]
    assert group.office_unit == program.office_unit


def test_a_path_may_also_start_with_the_region(program):
    doc = _document()
    doc["tasks"][3]["lead_units"] = ["德阳市/什邡市/市民政局"]
    doc["tasks"][2]["lead_units"] = ["德阳市/市民政局"]
    log = preview_program(doc)
    assert not [row for row in log if row[1] in ("任务", "责任单位")], log


def test_dates_come_from_milestone_keys(program):
    day = datetime.date
    assert (_task(program, 1).due, _task(program, 1).due_from) == (day(2025, 8, 31), "space")
    assert (_task(program, 8).due, _task(program, 8).due_from) == (day(2025, 12, 20), "accept")
    assert (_task(program, 2).due, _task(program, 2).due_from) == (day(2025, 6, 30), "")
    gulou = _item(program, "鼓楼街社区", 1)
    assert (gulou.due, gulou.due_from) == (day(2025, 8, 31), "space")
    assert _item(program, "鼓楼街社区", 2).due == day(2025, 11, 30)  # the pilot's
    assert _item(program, "光华社区", 1).due == day(2025, 9, 30)  # its own


def test_every_pilot_street_and_community_files_its_plan(program):
    filings = Task.objects.filter(program=program, kind=Task.Kind.FILING).order_by("number")
    assert [f.text for f in filings] == [
        f"{name}实施方案报市委社会工作部备案"
        for name in [
            "方亭街道",
            "鼓楼街社区",
            "剑南街道",
            "三星街社区",
            "旌阳街道",
            "陕西馆社区",
            "光华社区",
            "大南路社区",
            "紫岩街道",
            "月亮社区",
        ]
    ]
    assert {(f.due, f.due_from) for f in filings} == {(datetime.date(2025, 3, 31), "prep")}
    assert [f.assignments.get().unit.name for f in filings][:2] == ["方亭街道", "鼓楼街社区"]


def test_the_targets_are_held_as_written(program):
    rows = set()
    for target in Target.objects.filter(task__program=program).select_related("task__pilot"):
        task = target.task
        owner = f"{task.pilot.community.name}-{task.number}" if task.pilot else f"任务{task.number}"
        rows.add(
            (
                owner,
                target.name,
                target.counter,
                json.dumps(target.counter_args, ensure_ascii=False, sort_keys=True),
                target.per_statistic,
                target.coverage_of,
            )
        )
    assert rows == {
        ("任务1", "社区综合服务设施面积", "", "{}", "", ""),
        ("任务2", "社区工作者配备", "", "{}", "", ""),
        ("任务3", "居民自治章程覆盖率", "", "{}", "", ""),
        (
            "任务4",
            "正常运行的镇（街道）社工站",
            "community.stations",
            '{"kind": "town", "running": true}',
            "",
            "",
        ),
        ("任务5", "每万名居民链接社区社会组织", "community.linked_orgs", "{}", "residents", ""),
        (
            "任务6",
            "试点社区社工室覆盖率",
            "community.stations",
            '{"kind": "room"}',
            "",
            "各试点社区",
        ),
        ("任务7", "召开供需对接会", "activities.count", '{"type": "supply_demand"}', "", ""),
        ("鼓楼街社区-1", "社区综合服务设施面积", "", "{}", "", ""),
        ("三星街社区-1", "开展志愿服务活动", "activities.count", '{"type": "volunteer"}', "", ""),
        (
            "陕西馆社区-1",
            "每万名居民链接社区社会组织",
            "community.linked_orgs",
            "{}",
            "residents",
            "",
        ),
        ("陕西馆社区-2", "召开供需对接会", "activities.count", '{"type": "supply_demand"}', "", ""),
        ("光华社区-1", "居民自治章程修订", "", "{}", "", ""),
        ("大南路社区-1", "培育品牌活动项目", "community.brand_projects", "{}", "", ""),
    }
    ratio = Target.objects.get(task=_task(program, 5))
    assert (ratio.per_amount, ratio.value, ratio.measure) == (10000, 5, "家/万人")


# --- round trip -------------------------------------------------------------------------------


COUNTED = (
    Program,
    Phase,
    Milestone,
    Strand,
    Pilot,
    Task,
    Assignment,
    Target,
    ProgramVersion,
    WorkingGroup,
    WorkingGroupMember,
)


def _counts():
    return [model.objects.count() for model in COUNTED]


def test_the_export_is_the_document(program):
    assert export_program(program) == _document()


def test_importing_again_changes_nothing(program):
    before = _counts()
    again, changes = import_program(_document())
    assert (again, changes) == (program, 0)
    assert _counts() == before
    assert Program.objects.get(pk=program.pk).version == 1


def test_importing_the_export_again_keeps_every_row_and_the_export(program):
    exported = export_program(program)
    before = _counts()
    import_program(copy.deepcopy(exported))
    changed = [
        model.__name__ for model, n, m in zip(COUNTED, before, _counts(), strict=True) if n != m
    ]
    assert changed in ([], ["ProgramVersion"])  # see the test above
    assert export_program(program) == exported == _document()
    strands = Strand.objects.filter(program=program).values_list("name", "order")
    assert list(strands) == [("补短板", 0), ("提能力", 1), ("创特色", 2)]


def test_the_guanghan_document_is_still_exported_as_written(demo):
    guanghan = settings.BASE_DIR / "fixtures" / "guanghan-2024" / "program.json"
    assert export_program(demo) == json.loads(guanghan.read_text(encoding="utf-8"))


def test_milestones_out_of_date_order_are_kept_by_date(program):
    doc = _document()
    doc["phases"][1]["milestones"].reverse()
    log = preview_program(doc)
    assert not [row for row in log if row[1] == "阶段"], log
    milestones = export_program(program)["phases"][1]["milestones"]
    assert [m["date"] for m in milestones] == ["2025-06-30", "2025-08-31"]


# --- computed actuals -------------------------------------------------------------------------


def _actual(task):
    return target_rows(task.targets.select_related("task__program__region", "task__pilot"))[0]


def _org(name, community):
    return SocialOrganization.objects.create(
        name=name, unit=community, category="living", filing="filed"
    )


def _link(name, community, since="2025-03-01"):
    OrgLink.objects.create(organization=_org(name, community), community=community, since=since)


def _hold(kind, community, user, day=datetime.date(2025, 6, 1)):
    when = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    Activity.objects.create(
        title="活动",
        type=kind,
        unit=community,
        community=community,
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=2),
        place="社区",
        created_by=user,
    )


def _room(community, kind="room", running=False):
    name = f"{community.name}社工室{Station.objects.filter(unit=community).count() + 1}"
    Station.objects.create(name=name, kind=kind, unit=community, is_running=running)


@pytest.fixture
def records(program, during_2025):
    """Links, rooms, stations and activities across the three counties."""
    shaanxiguan, gulou = (
        _unit("旌阳区", "旌阳街道", "陕西馆社区"),
        _unit("什邡市", "方亭街道", "鼓楼街社区"),
    )
    for n in range(5):
        _link(f"陕西馆志愿服务队{n}", shaanxiguan)
    _link("鼓楼街邻里互助会", gulou)
    _link("尚未链接", gulou, since="2026-01-01")  # links from after the program year do not count
    for community in (gulou, shaanxiguan, _unit("绵竹市", "剑南街道", "大南路社区")):
        _room(community)
    _room(shaanxiguan)  # a second room: the community is covered once
    _room(_unit("旌阳区", "旌阳街道", "平安社区"))  # not a pilot: outside the coverage
    _room(_unit("什邡市", "方亭街道"), kind="town", running=True)
    _room(_unit("绵竹市", "剑南街道"), kind="town", running=False)
    user = make_user("organiser", Role.COMMUNITY, shaanxiguan)
    for _ in range(3):
        _hold("supply_demand", shaanxiguan, user)
    _hold("training", shaanxiguan, user)  # another type
    _hold("supply_demand", shaanxiguan, user, day=datetime.date(2024, 12, 1))  # another year
    _hold("supply_demand", gulou, user)
    _hold("supply_demand", gulou, user)
    return program


def test_a_ratio_per_ten_thousand_residents(records):
    row = _actual(_item(records, "陕西馆社区", 1))  # 5 links, 10,000 residents
    assert (row.actual, row.counted, row.met) == (Decimal("5.00"), True, False)
    row = _actual(_task(records, 5))  # 6 links in the city, the residents of every community
    expected = (Decimal(6) / RESIDENTS_2025 * 10000).quantize(Decimal("0.01"))
    assert (row.actual, row.met) == (expected, False)
    assert expected == Decimal("1.22")


def test_a_ratio_without_a_statistic_is_unknown_not_zero(records):
    UnitStatistics.objects.all().delete()
    row = _actual(_item(records, "陕西馆社区", 1))
    assert (row.actual, row.counted, row.met) == (None, True, None)
    assert _actual(_task(records, 5)).actual is None


def test_a_coverage_is_the_share_of_pilot_communities_reached(records):
    row = _actual(_task(records, 6))  # rooms in 3 of the 6 pilot communities
    assert (row.actual, row.counted, row.met) == (Decimal("50.00"), True, False)
    for name, street in [
        ("三星街社区", "剑南街道"),
        ("光华社区", "旌阳街道"),
        ("月亮社区", "紫岩街道"),
    ]:
        _room(_street_child(street, name))
    row = _actual(_task(records, 6))
    assert (row.actual, row.met) == (Decimal("100.00"), True)


def _street_child(street, name):
    return Unit.objects.children_of(_street(street)).get(name=name)


def test_counts_with_arguments(records):
    assert _actual(_item(records, "陕西馆社区", 2)).actual == 3  # in the community, this year
    row = _actual(_task(records, 7))  # in the whole city
    assert (row.actual, row.met) == (5, False)
    row = _actual(_task(records, 4))  # running town stations
    assert (row.actual, row.met) == (1, True)
    assert _actual(_item(records, "三星街社区", 1)).actual == 0


def test_typed_targets_wait_for_an_approved_report(records):
    for task in (_task(records, 1), _task(records, 2), _task(records, 3)):
        row = _actual(task)
        assert (row.actual, row.counted, row.met) == (None, False, None)


# --- refusals ---------------------------------------------------------------------------------


def _set(path, value):
    """A mutation setting doc[...path] = value (path items are keys or indexes)."""

    def mutate(doc):
        node = doc
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _rename_per_key(doc):
    per = doc["tasks"][4]["targets"][0]["per"]
    per["statistc"] = per.pop("statistic")


AMBIGUOUS = (
    "“市民政局”有多个同名单位：什邡市/市民政局、德阳市/市民政局、绵竹市/市民政局；请写路径或代码"
)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set(["tasks", 0, "lead_units", 0], "市民政局"), f"tasks[0].lead_units[0]: {AMBIGUOUS}"),
        (
            _set(["working_group", "members", 1, "unit"], "市民政局"),
            f"working_group.members[1].unit: {AMBIGUOUS}",
        ),
        (_set(["sponsor"], "德阳市"), "document.sponsor: 不是可用的键，请检查拼写"),
        (_rename_per_key, "tasks[4].targets[0].per.statistc: 不是可用的键，请检查拼写"),
        (_rename_per_key, "tasks[4].targets[0].per.statistic: 必须填写"),
        (
            _set(["pilots", 2, "items", 0, "targets", 0, "baseline"], 3),
            "pilots[2].items[0].targets[0].baseline: 不是可用的键，请检查拼写",
        ),
        (
            _set(["pilots", 0, "street"], "510600999999"),
            "pilots[0].street: 本地区没有代码为 510600999999 的单位",
        ),
        (
            _set(["office"], "德阳市/市委宣传部"),
            "office: “德阳市/市委宣传部”不是本地区的单位路径",
        ),
        (
            _set(["pilots", 4, "type"], "便民服务型"),
            "pilots[4].type: “便民服务型”不是可选的值（可选：社会企业带动型、社会组织参与型）",
        ),
        (
            _set(["pilots", 0, "items", 1, "category"], "brand"),
            "pilots[0].items[1].category: “brand”不是可选的值（可选：space、service）",
        ),
        (
            _set(["pilots", 1, "strand"], "强基础"),
            "pilots[1].strand: “强基础”不是文件声明的工作板块",
        ),
        (
            _set(["tasks", 5, "targets", 0, "coverage", "of"], "各试点村"),
            "tasks[5].targets[0].coverage.of: “各试点村”不是可用的单位组短语",
        ),
        (_set(["tasks", 1, "due"], "@nokey"), "tasks[1].due: 没有引用键为“nokey”的节点"),
        (
            _set(["pilots", 0, "items", 0, "due"], "@nokey"),
            "pilots[0].items[0].due: 没有引用键为“nokey”的节点",
        ),
        (_set(["filings", 0, "due"], "@nokey"), "filings[0].due: 没有引用键为“nokey”的节点"),
        (
            _set(["tasks", 6, "targets", 0, "args", "type"], "party"),
            "tasks[6].targets[0].args.type: “party”不是可选的值（可选："
            + "、".join(Activity.Type.values)
            + "）",
        ),
    ],
)
def test_a_wrong_document_is_refused_at_its_place_and_writes_nothing(program, mutate, message):
    doc = _document()
    mutate(doc)
    doc["name"] = "不应写入的名称"
    before = _counts()
    with pytest.raises(DocumentError) as error:
        import_program(doc)
    assert message in error.value.errors, error.value.errors
    assert _counts() == before
    assert Program.objects.get(pk=program.pk).name != doc["name"]


def test_a_refused_first_import_leaves_no_program(deyang):
    doc = _document()
    doc["tasks"][0]["lead_units"][0] = "市民政局"
    with pytest.raises(DocumentError):
        import_program(doc)
    assert _counts() == [0] * len(_counts())


# --- the pages the office sees ----------------------------------------------------------------


@pytest.fixture
def office_client(client, records):
    office = make_user("deyang_office", Role.PROGRAM_OFFICE, records.office_unit)
    client.force_login(office)
    return client


def test_the_ledger_shows_the_pilots_with_their_strand_types_and_categories(office_client, records):
    response = office_client.get(reverse("progress:program-detail", args=[records.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert records.name in page
    for community, _street, _strand, type_name, _n in PILOTS:
        assert community in page and type_name in page
    for category in ("服务阵地", "队伍建设", "居民自治", "特色品牌", "服务场景"):
        assert category in page  # the names the pilots' strands give their categories
    assert "鼓楼街社区实施方案报市委社会工作部备案" in page
    headings = [strand.name for strand, _pilots in response.context["strands"]]
    assert headings == ["补短板", "提能力", "创特色"]
    assert page.count('data-testid="strand"') == 3


def test_the_cockpit_shows_the_computed_actuals(office_client, records):
    response = office_client.get(reverse("dashboards:cockpit", args=[records.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in ("5家/万人", "1.22家/万人", "50%", "3场", "5场", "1个"):
        assert f">{shown}<" in page, shown
    assert ">—<" in page  # typed targets without an approved report
    charts = response.context["charts"]
    assert sorted(charts["types"]["names"]) == sorted({f"{p[2]} · {p[3]}" for p in PILOTS})
    strands = response.context["figures"]["strands"]
    assert [name for name, _completion in strands] == ["补短板", "提能力", "创特色"]
    assert 'data-testid="strands"' in page
