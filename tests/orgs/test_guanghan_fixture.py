"""The Guanghan 2024 fixture holds exactly the units and the working group of the plan."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.core.models import AuditEntry
from gongzhi.orgs.loader import FixtureError, load_orgs
from gongzhi.orgs.models import Unit, WorkingGroupMember

FIXTURE = settings.BASE_DIR / "fixtures" / "guanghan-2024" / "orgs.yaml"

DEPARTMENTS = [
    "市委组织部",
    "市民政局",
    "市财政局",
    "市基层治理促进中心",
    "市行政审批局",
    "市委宣传部",
    "市委统战部",
    "市委政法委",
    "市人社局",
    "市医保局",
    "市红十字会",
    "团市委",
    "市妇联",
    "市残联",
]
EXPECTED_UNITS = (
    {("广汉市", "county", None)}
    | {(name, "department", "广汉市") for name in DEPARTMENTS}
    | {("雒城街道", "street", "广汉市"), ("汉州街道", "street", "广汉市")}
    | {(name, "community", "雒城街道") for name in ("西城社区", "金山社区", "西湖社区")}
    | {("京皇社区", "community", "汉州街道")}
)
WORKING_GROUP = [
    ("leader", "王俊", "市委常委、市委组织部部长", "市委组织部"),
    ("deputy", "张华宁", "市民政局局长", "市民政局"),
    ("member", "赵柯安", "市委组织部副部长", "市委组织部"),
    ("member", "杨静", "市委宣传部副部长", "市委宣传部"),
    ("member", "杨奎", "市委统战部副部长", "市委统战部"),
    ("member", "廖乐泉", "市委政法委副书记", "市委政法委"),
    ("member", "周燕妮", "市基层治理中心主任", "市基层治理促进中心"),
    ("member", "田威", "市民政局副局长", "市民政局"),
    ("member", "肖宏", "市财政局一级主任科员", "市财政局"),
    ("member", "陈勋", "市人社局机关党委书记", "市人社局"),
    ("member", "林杰", "市医保局副局长", "市医保局"),
    ("member", "陈敏", "市红十字会秘书长", "市红十字会"),
    ("member", "周宇", "市行政审批局副局长", "市行政审批局"),
    ("member", "刘丹", "团市委副书记", "团市委"),
    ("member", "钟继巧", "市妇联副主席", "市妇联"),
    ("member", "牟洪锐", "市残联副理事长", "市残联"),
    ("member", "张宇", "雒城街道组织委员", "雒城街道"),
    ("member", "陈玉瑾", "汉州街道副主任", "汉州街道"),
]


def _units():
    by_path = {unit.path: unit for unit in Unit.objects.all()}
    return {
        (unit.name, unit.kind, by_path[unit.path[:-4]].name if unit.depth > 1 else None)
        for unit in by_path.values()
    }


@pytest.mark.django_db
def test_fixture_holds_exactly_the_plans_units():
    load_orgs(FIXTURE)
    assert _units() == EXPECTED_UNITS
    assert Unit.objects.count() == 21


def test_the_program_holds_the_working_group_of_annex_1(demo):
    group = demo.working_group
    assert group.office_unit.name == "市民政局"
    assert group.region.name == "广汉市"
    members = [
        (m.duty, m.name, m.position, m.unit.name)
        for m in group.members.select_related("unit").order_by("order")
    ]
    assert members == WORKING_GROUP
    assert len(members) == 18


@pytest.mark.django_db
def test_fixture_names_its_source():
    from gongzhi.orgs.loader import read_yaml

    assert "广汉市城乡社区治理“创特色”工程实施方案" in read_yaml(FIXTURE)["source"]


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    load_orgs(FIXTURE)
    counts = (Unit.objects.count(), WorkingGroupMember.objects.count(), AuditEntry.objects.count())
    paths = list(Unit.objects.values_list("path", "name"))
    load_orgs(FIXTURE)
    again = (Unit.objects.count(), WorkingGroupMember.objects.count(), AuditEntry.objects.count())
    assert again == counts
    assert list(Unit.objects.values_list("path", "name")) == paths


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("region: {name: 甲市, kind: county}\nunits:\n  - {name: 乙, kind: planet}\n", "units[0]"),
        (
            "region: {name: 甲市, kind: county}\nunits:\n  - {kind: street}\n",
            "units[0].name：必须填写名称",
        ),
        (
            "region: {name: 甲市, kind: county}\nunits:\n  - name: 街\n    kind: street\n"
            "    children:\n      - {name: 格, kind: department}\n",
            "units[0].children[0]",
        ),
        (
            "region: {name: 甲市, kind: county}\nunits: []\nworking_group:\n"
            "  name: 组\n  office: 不存在局\n",
            "working_group.office: unknown unit '不存在局'",
        ),
        ("units: [\n", "while parsing"),
    ],
)
def test_malformed_fixture_is_refused_with_its_place_and_writes_nothing(tmp_path, text, place):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(FixtureError) as error:
        load_orgs(bad)
    assert place in str(error.value)
    assert str(bad) in str(error.value)
    assert Unit.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_load_demo_prints_one_login_per_role_and_is_idempotent():
    out = StringIO()
    call_command("load_demo", "--without-history", stdout=out)
    first = (Unit.objects.count(), User.objects.count(), RoleGrant.objects.count())
    call_command("load_demo", "--without-history", stdout=StringIO())
    assert (Unit.objects.count(), User.objects.count(), RoleGrant.objects.count()) == first
    roles = set(RoleGrant.objects.values_list("role", flat=True))
    assert len(roles) == 8
    for username in User.objects.values_list("username", flat=True):
        assert username in out.getvalue()
    assert "Gongzhi@2024" in out.getvalue()
