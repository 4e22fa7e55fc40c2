"""What a program document may say beyond Guanghan's shape: unit references by code and path,
group phrases, declared categories and types, strands, milestone dates, filings, the working
group, versions — and that every unknown key and every ambiguity is refused at its place."""

import datetime

import pytest

from gongzhi.orgs.models import Unit
from gongzhi.programs.document import DocumentError
from gongzhi.programs.exporter import export_program
from gongzhi.programs.importer import import_program, preview_program
from gongzhi.programs.models import Program, ProgramVersion, Task
from tests.programs.test_document import _counts, _fixture


def _refused(doc, place, *words):
    before = _counts()
    with pytest.raises(DocumentError) as error:
        import_program(doc)
    matching = [message for message in error.value.errors if message.startswith(place)]
    assert matching, error.value.errors
    assert all(word in matching[0] for word in words), matching[0]
    assert _counts() == before
    return matching[0]


@pytest.mark.parametrize(
    ("mutate", "place"),
    [
        (lambda d: d.update(strand="补短板"), "document.strand"),
        (lambda d: d["tasks"][0].update(dew="2024-05-01"), "tasks[0].dew"),
        (lambda d: d["tasks"][4]["targets"][0].update(per_cent=1), "tasks[4].targets[0].per_cent"),
        (lambda d: d["pilots"][0].update(kind="x"), "pilots[0].kind"),
        (
            lambda d: d["phases"][1]["milestones"][0].update(when="x"),
            "phases[1].milestones[0].when",
        ),
        (lambda d: d["working_group"]["members"][0].update(age=50), "working_group.members[0].age"),
        (lambda d: d["filings"][0].update(with_unit="x"), "filings[0].with_unit"),
    ],
)
def test_unknown_keys_are_errors_at_their_place(demo, mutate, place):
    doc = _fixture()
    mutate(doc)
    _refused(doc, place, "不是可用的键")


def _second_xicheng():
    hanzhou = Unit.objects.get(name="汉州街道")
    return Unit.objects.add_unit(hanzhou, name="西城社区", kind="community")


def test_an_ambiguous_name_lists_its_candidates_and_a_path_resolves_it(demo):
    _second_xicheng()
    doc = _fixture()
    _refused(doc, "pilots[0].community", "雒城街道/西城社区", "汉州街道/西城社区")
    doc["pilots"][0]["community"] = "雒城街道/西城社区"
    _program, changes = import_program(doc)
    assert changes == 0  # the same community as before
    assert export_program(demo)["pilots"][0]["community"] == "雒城街道/西城社区"


def test_units_are_found_by_code_and_a_wrong_code_is_named(demo):
    Unit.objects.filter(name="市民政局").update(code="115106810085123456")
    doc = _fixture()
    doc["office"] = "115106810085123456"
    assert import_program(doc)[1] == 0
    doc["office"] = "510681999999"
    _refused(doc, "office", "510681999999")


def test_a_declared_group_expands_and_is_kept_as_its_phrase(demo):
    doc = _fixture()
    doc["groups"] = [{"phrase": "各社区居委会", "kinds": ["community"]}]
    doc["tasks"][0]["co_units"].append("各社区居委会")
    import_program(doc)
    task = Task.objects.get(program=demo, kind="city", number=1)
    via = task.assignments.filter(via_group="各社区居委会")
    assert sorted(via.values_list("unit__name", flat=True)) == [
        "京皇社区",
        "西城社区",
        "西湖社区",
        "金山社区",
    ]
    assert export_program(demo)["tasks"][0]["co_units"][-1] == "各社区居委会"
    doc["groups"][0]["kinds"] = ["hamlet"]
    _refused(doc, "groups[0]", "kinds")


def test_categories_and_types_must_be_declared(demo):
    doc = _fixture()
    doc["pilots"][0]["items"][0]["category"] = "magic"
    _refused(doc, "pilots[0].items[0].category", "hardware")
    doc = _fixture()
    doc["pilots"][1]["type"] = "便民服务型"
    _refused(doc, "pilots[1].type", "多元共治型")


def test_a_category_may_be_written_by_its_name(demo):
    doc = _fixture()
    doc["pilots"][0]["items"][0]["category"] = "硬件"
    assert import_program(doc)[1] == 0


def test_strands_group_pilots_with_their_own_types(demo):
    doc = _fixture()
    doc["strands"] = [
        {"name": "创特色", "types": ["多元共治型", "智慧科技型", "幸福和睦型"], "categories": []},
        {
            "name": "补短板",
            "types": ["便民服务型"],
            "categories": [{"code": "room", "name": "场地"}],
        },
    ]
    for pilot in doc["pilots"]:
        pilot["strand"] = "创特色"
    _program, changes = import_program(doc)
    assert changes > 0
    assert set(demo.pilots.values_list("strand__name", flat=True)) == {"创特色"}
    assert export_program(demo)["strands"] == doc["strands"]
    assert import_program(doc)[1] == 0
    doc["strands"].reverse()
    assert import_program(doc)[1] == 2  # re-ordered strands
    assert list(demo.strands.values_list("name", flat=True)) == ["补短板", "创特色"]
    doc["pilots"][0]["strand"] = "补短板"
    _refused(doc, "pilots[0].type", "便民服务型")
    del doc["pilots"][0]["strand"]
    _refused(doc, "pilots[0].strand", "必须填写")


def test_hardware_is_due_by_the_milestone_it_names(demo):
    hardware = Task.objects.filter(program=demo, kind="pilot_item", category="hardware")
    assert set(hardware.values_list("due", flat=True)) == {datetime.date(2024, 10, 30)}
    doc = _fixture()
    doc["phases"][2]["milestones"].append({"key": "end", "date": "2024-12-20", "text": "验收"})
    doc["pilots"][1]["due"] = "@end"
    import_program(doc)
    assert Task.objects.get(pilot__community__name="金山社区", number=2).due == datetime.date(
        2024, 12, 20
    )
    assert export_program(demo)["pilots"][1]["due"] == "@end"
    doc["pilots"][0]["items"][0]["due"] = "@nokey"
    _refused(doc, "pilots[0].items[0].due", "nokey")


def test_filings_are_worded_and_due_as_the_document_says(demo):
    doc = _fixture()
    doc["filings"][0]["text"] = "具体创建方案报市委社会工作部备案"
    import_program(doc)
    texts = list(demo.tasks.filter(kind="filing").values_list("text", flat=True))
    assert texts[:2] == [
        "雒城街道具体创建方案报市委社会工作部备案",
        "西城社区具体创建方案报市委社会工作部备案",
    ]
    assert set(demo.tasks.filter(kind="filing").values_list("due", flat=True)) == {
        datetime.date(2024, 2, 29)
    }
    del doc["filings"]
    import_program(doc)
    assert not demo.tasks.filter(kind="filing").exists()


def test_the_working_group_belongs_to_the_program(demo):
    group = Program.objects.get(pk=demo.pk).working_group
    assert group.office_unit.name == "市民政局"
    assert group.members.count() == 18
    assert group.members.get(duty="leader").name == "王俊"


def test_every_changing_import_is_a_numbered_version(demo):
    start = Program.objects.get(pk=demo.pk).version
    doc = _fixture()
    doc["tasks"][0]["title"] = "修改后的任务一"
    preview = preview_program(doc)
    assert ("update", "市级任务", "任务1 修改后的任务一") in preview
    assert Program.objects.get(pk=demo.pk).version == start  # a preview writes nothing
    import_program(doc, source="v2.json")
    version = ProgramVersion.objects.get(program=demo, number=start + 1)
    assert (version.document["tasks"][0]["title"], version.changes) == ("修改后的任务一", 1)
    assert Program.objects.get(pk=demo.pk).version == start + 1
    import_program(doc)
    assert Program.objects.get(pk=demo.pk).version == start + 1  # nothing changed, no version
