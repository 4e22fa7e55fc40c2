"""The Guanghan 2024 program as data: what the demo holds, round trip, errors, idempotence."""

import copy
import datetime
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from gongzhi.programs.document import DocumentError
from gongzhi.programs.exporter import export_program
from gongzhi.programs.importer import import_program
from gongzhi.programs.models import Assignment, Milestone, Phase, Pilot, Program, Target, Task

FIXTURE = settings.BASE_DIR / "fixtures" / "guanghan-2024" / "program.json"
ALL = "各镇(街道)"
PLAN_TASKS = {  # number: (lead units, co-units, due)
    1: (["市民政局"], ["市委组织部", "市基层治理促进中心"], "2024-05-31"),
    2: (["市委组织部", "市民政局"], ["市基层治理促进中心", ALL], "2024-05-31"),
    3: (["市民政局"], ["市委组织部", "市基层治理促进中心", "市行政审批局", ALL], "2024-05-31"),
    4: (["市民政局"], [ALL], "2024-06-30"),
    5: (["市民政局"], ["市委组织部", "市基层治理促进中心", "市财政局", ALL], "2024-11-30"),
    6: (["市委组织部", "市民政局"], ["市基层治理促进中心", "市财政局", ALL], "2024-11-30"),
    7: (["市民政局"], ["市委组织部", "市基层治理促进中心", ALL], "2024-11-30"),
    8: (["市民政局", "市基层治理促进中心"], ["市委组织部", ALL], "2024-05-31"),
    9: (["市基层治理促进中心"], ["市委组织部", "市委宣传部", "市民政局", ALL], "2024-05-31"),
}
PLAN_PILOTS = [
    ("西城社区", "雒城街道", "多元共治型", 5),
    ("金山社区", "雒城街道", "智慧科技型", 4),
    ("京皇社区", "汉州街道", "幸福和睦型", 4),
    ("西湖社区", "雒城街道", "幸福和睦型", 5),
]
PLAN_TARGETS = {  # (task, name, comparator, value, measure): counter and its arguments
    ("任务1", "社区制定“三个清单”", ">=", 100, "%"): ("selfgov.duty_lists_adopted", {}),
    ("任务2", "城乡社区制定居民自治章程和居民公约", ">=", 100, "%"): (
        "selfgov.charter_and_convention",
        {},
    ),
    ("任务4", "建立市、镇(街道)、村(社区)三级社会组织孵化体系", ">=", 3, "级"): (
        "community.incubation_levels",
        {},
    ),
    ("任务5", "培育品牌社区社会组织", ">=", 3, "个"): ("community.brand_orgs", {}),
    ("任务5", "培育品牌活动项目", ">=", 3, "个"): ("community.brand_projects", {}),
    ("任务6", "市、镇(街道)两级社工站点运行率", ">=", 100, "%"): (
        "community.stations_running_share",
        {},
    ),
    ("任务6", "重点村(社区)运行社工室", ">=", 100, "%"): (
        "community.stations",
        {"kind": "room", "running": True},
    ),
    ("任务7", "构建县域慈善“六个体系”", ">=", 6, "个"): (
        "community.checklist_points",
        {"group": "六个体系"},
    ),
    ("任务7", "建立“五个机制”", ">=", 5, "个"): (
        "community.checklist_points",
        {"group": "五个机制"},
    ),
    ("任务9", "开展宣传", ">=", 1, "次"): ("activities.count", {"type": "publicity"}),
    ("任务9", "媒体宣传报道", ">=", 1, "篇"): ("cases.publicity", {}),  # §六(四) 宣传报道
    ("任务9", "总结典型案例", ">=", 1, "个"): ("cases.cases", {}),  # §六(四) 先进典型和优秀案例
    ("西城社区-2", "强化社区社工室工作", ">=", 1, "个"): (
        "community.stations",
        {"kind": "room", "running": True},
    ),
    ("西城社区-2", "引入社会组织入驻社工室", ">=", 1, "家"): (
        "community.orgs",
        {"in_social_work_room": True},
    ),
    ("西城社区-3", "链接社会组织", ">=", 5, "家"): ("community.linked_orgs", {}),
    ("西城社区-3", "储备社工人才", ">=", 1, "人"): ("community.social_workers", {}),
    ("西城社区-3", "储备社会志愿者", ">=", 1, "人"): ("community.volunteers", {}),
    ("西城社区-4", "召开供需对接会", ">=", 4, "期"): (
        "activities.count",
        {"type": "supply_demand"},
    ),
    ("西城社区-5", "以“公益+低偿”方式引入社会服务", ">=", 1, "项"): (
        "community.charity_services",
        {"model": "low_fee"},
    ),
    ("西城社区-5", "以“公益+市场”方式引入社会服务", ">=", 1, "项"): (
        "community.charity_services",
        {"model": "market"},
    ),
    ("京皇社区-1", "少数民族文化活动多功能室面积", ">=", 400, "平方米"): ("", {}),
    ("京皇社区-4", "引进社会组织", ">=", 1, "家"): ("community.linked_orgs", {}),
    ("京皇社区-4", "开展各类培训", ">=", 1, "次"): ("activities.count", {"type": "training"}),
    ("西湖社区-1", "设立同心工作站", ">=", 1, "个"): ("", {}),
    ("西湖社区-2", "开展民族文化活动", ">=", 2, "场"): (
        "activities.count",
        {"type": "ethnic_culture"},
    ),
    ("西湖社区-3", "孵化培育公益慈善类社区社会组织", ">=", 3, "个"): (
        "community.orgs_incubated",
        {"category": "charity"},
    ),
    ("西湖社区-3", "开展志愿服务活动", ">=", 10, "次"): (
        "activities.count",
        {"type": "volunteer"},
    ),
    ("西湖社区-4", "打造文化广场", ">=", 1, "个"): ("", {}),
    ("西湖社区-5", "开展金婚盛典暨最美家庭评选主题活动", ">=", 1, "场"): (
        "activities.count",
        {"type": "family"},
    ),
}


def _fixture():
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def test_export_of_the_demo_matches_the_plan(demo):
    doc = export_program(demo)
    assert (doc["code"], doc["year"], doc["region"], doc["office"]) == (
        "guanghan-2024",
        2024,
        "广汉市",
        "市民政局",
    )
    assert doc["issuers"] == ["广汉市民政局", "中共广汉市委组织部"]
    assert doc["issued"] == "2024-02-21"
    assert "川民发〔2022〕169号" in doc["basis"]
    assert doc["goals"] == ["硬件上有改观", "软件上有提升", "服务上有亮点", "场景上有呈现"]
    assert [(p["name"], p["start"], p["end"]) for p in doc["phases"]] == [
        ("前期准备阶段", "2024-02-21", "2024-02-29"),
        ("工程实施阶段", "2024-03-01", None),
        ("考核验收阶段", "2024-12-01", None),
    ]
    assert doc["phases"][1]["milestones"][0]["date"] == "2024-10-30"
    tasks = {t["number"]: (t["lead_units"], t["co_units"], t["due"]) for t in doc["tasks"]}
    assert tasks == PLAN_TASKS
    pilots = [(p["community"], p["street"], p["type"], len(p["items"])) for p in doc["pilots"]]
    assert pilots == PLAN_PILOTS
    assert all(p["due"] == "2024-12-31" for p in doc["pilots"])


def test_the_demo_holds_every_target_of_the_plan(demo):
    rows = {}
    for target in Target.objects.select_related("task__pilot__community"):
        task = target.task
        owner = f"{task.pilot.community.name}-{task.number}" if task.pilot else f"任务{task.number}"
        row = (owner, target.name, target.comparator, int(target.value), target.measure)
        rows[row] = (target.counter, target.counter_args or {})
    assert rows == PLAN_TARGETS


def test_all_streets_expands_to_every_street_and_town(demo):
    task4 = Task.objects.get(program=demo, kind="city", number=4)
    co = task4.assignments.filter(role="co")
    assert sorted(co.values_list("unit__name", flat=True)) == ["汉州街道", "雒城街道"]
    assert all(a.via_group == "各镇(街道)" for a in co)


def test_each_pilot_street_and_community_files_its_plan_in_the_preparation_phase(demo):
    filings = Task.objects.filter(program=demo, kind="filing")
    leads = sorted(filings.values_list("assignments__unit__name", flat=True))
    assert leads == sorted(["雒城街道", "汉州街道", "西城社区", "金山社区", "京皇社区", "西湖社区"])
    assert set(filings.values_list("due", flat=True)) == {datetime.date(2024, 2, 29)}


def test_round_trip_is_lossless(demo):
    first = export_program(demo)
    program, changes = import_program(copy.deepcopy(first))
    assert changes == 0
    assert export_program(program) == first


def test_round_trip_through_the_commands(demo, tmp_path, capsys):
    call_command("export_program", "guanghan-2024")
    exported = capsys.readouterr().out
    path = tmp_path / "program.json"
    path.write_text(exported, encoding="utf-8")
    call_command("import_program", str(path))
    assert capsys.readouterr().out.strip() == "guanghan-2024: 0 change(s)"


def _counts():
    models = (Program, Phase, Milestone, Pilot, Task, Assignment, Target)
    return [model.objects.count() for model in models]


def test_loading_twice_changes_nothing(demo):
    before = _counts()
    _program, changes = import_program(_fixture())
    assert changes == 0
    assert _counts() == before


@pytest.mark.parametrize(
    ("mutate", "place"),
    [
        (lambda d: d["tasks"][2].update(due="2024-13-01"), "tasks[2].due"),
        (lambda d: d["tasks"][4]["lead_units"].append("市民政"), "tasks[4].lead_units[1]"),
        (lambda d: d["pilots"][1].update(street="汉州街道"), "pilots[1].community"),
        (
            lambda d: d["pilots"][0]["items"][2]["targets"][0].update(value="五"),
            "pilots[0].items[2].targets[0].value",
        ),
        (
            lambda d: d["pilots"][3]["items"][0].update(category="magic"),
            "pilots[3].items[0].category",
        ),
        (lambda d: d["tasks"][1].update(number=1), "tasks[1].number"),
        (lambda d: d["phases"][0].update(end="2024-01-01"), "phases[0].end"),
        (lambda d: d["tasks"][2].update(due="2999-01-01"), "tasks[2].due"),
        (lambda d: d.update(year=99999), "document.year"),
        (
            lambda d: d["pilots"][0]["items"][2]["targets"][0].update(value=-1),
            "pilots[0].items[2].targets[0].value",
        ),
        (
            lambda d: d["tasks"][0]["targets"].append({"name": "x", "comparator": "~", "value": 1}),
            "tasks[0].targets[1].comparator",  # after the plan's own target of task 1
        ),
    ],
)
def test_a_malformed_document_is_refused_at_its_place_and_writes_nothing(demo, mutate, place):
    doc = _fixture()
    mutate(doc)
    doc["name"] = "changed name that must not be saved"
    before = _counts()
    with pytest.raises(DocumentError) as error:
        import_program(doc)
    assert any(message.startswith(place) for message in error.value.errors), error.value.errors
    assert _counts() == before
    assert Program.objects.get(code="guanghan-2024").name != doc["name"]


def test_import_command_reports_the_place(demo, tmp_path):
    doc = _fixture()
    doc["pilots"][2]["community"] = "不存在社区"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"pilots\[2\]\.community: 本地区没有单位“不存在社区”"):
        call_command("import_program", str(path))


def test_broken_json_names_line_and_column(demo, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"code": "x",\n  "name": }', encoding="utf-8")
    with pytest.raises(CommandError, match="第2行第"):
        call_command("import_program", str(path))
