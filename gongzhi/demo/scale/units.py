"""Stage 1: the unit tree (province → cities → counties → towns and streets → communities and
villages → grids, or a county-level city from its towns down), written level by level with
materialised paths worked out here, plus the program office's department and an agency."""

from gongzhi.core.kinds import UnitKind
from gongzhi.core.paths import STEPLEN
from gongzhi.demo.scale.common import root_code, under_root
from gongzhi.demo.scale.runner import Sequence, share, split
from gongzhi.orgs.models import Unit

# each level's (kinds for even / odd children, label, code digits it fills)
_LEVELS = {
    "prefectures": ((UnitKind.PREFECTURE, UnitKind.PREFECTURE), "市", slice(2, 4)),
    "counties": ((UnitKind.COUNTY, UnitKind.COUNTY), "县", slice(4, 6)),
    "towns": ((UnitKind.STREET, UnitKind.TOWN), "", slice(6, 9)),
    "communities": (None, "", slice(9, 12)),
    "grids": ((UnitKind.GRID, UnitKind.GRID), "网格", None),
}
_LABELS = {
    UnitKind.STREET: "街道",
    UnitKind.TOWN: "镇",
    UnitKind.COMMUNITY: "社区",
    UnitKind.VILLAGE: "村",
}
ROOT_NAMES = {"tiny": "规模测试省（微型）", "city": "规模测试市", "province": "规模测试省"}


def levels(run) -> list[str]:
    names = ["towns", "communities", "grids"]
    return (["prefectures", "counties"] if run.sizes.prefectures else []) + names


def step(number: int) -> str:
    """The path step of a parent's `number`-th child, as treebeard writes it."""
    return Unit._int2str(number).rjust(STEPLEN, Unit.alphabet[0])


def run_stage(run) -> None:
    top = Unit.objects.filter(code=root_code(run)).first()
    if top is None:
        kind = UnitKind.PROVINCE if run.sizes.prefectures else UnitKind.COUNTY
        name = ROOT_NAMES.get(run.preset, run.preset)
        top = Unit.objects.add_unit(None, name=name, kind=kind, code=root_code(run))
    run.cache["root"] = top
    names = levels(run)
    for depth, name in enumerate(names, start=1):
        _level(run, depth, name, names[depth] if depth < len(names) else "")
    _extras(run)


def _level(run, depth: int, name: str, next_name: str) -> None:
    top = run.cache["root"]
    total = getattr(run.sizes, name)
    below = getattr(run.sizes, next_name) if next_name else 0
    if depth == 1:
        parents = [(top.path, top.code, top.kind)]
    else:
        parents = list(under_root(run, depth - 1).values_list("path", "code", "kind"))
    kinds, label, digits = _LEVELS[name]

    def make(rng, i):
        parent, number = split(i, total, len(parents))
        path, code, parent_kind = parents[parent]
        if kinds is None:  # a street's communities, a town's villages
            kind = UnitKind.COMMUNITY if parent_kind == UnitKind.STREET else UnitKind.VILLAGE
        else:
            kind = kinds[number % 2]
        own_code = ""
        if digits is not None:
            width = digits.stop - digits.start
            own_code = code[: digits.start] + f"{number + 1:0{width}d}" + code[digits.stop :]
        return Unit(
            path=path + step(number + 1),
            depth=top.depth + depth,
            numchild=share(i, below, total) if below else 0,
            name=f"{label or _LABELS[kind]}{i + 1:0{len(str(total))}d}",
            kind=kind,
            code=own_code,
        )

    run.sequence(
        Sequence(f"units.{name}", Unit, total, lambda: under_root(run, depth).count(), make)
    )
    if depth == 1:
        Unit.objects.filter(pk=top.pk).update(numchild=under_root(run, 1).count())


def _extras(run) -> None:
    """The department whose office runs the program, and a social-work agency."""
    for name, kind in (("民政局", UnitKind.DEPARTMENT), ("社会工作服务中心", UnitKind.AGENCY)):
        if not under_root(run, 1).filter(kind=kind).exists():
            top = Unit.objects.get(pk=run.cache["root"].pk)  # numchild as stored
            Unit.objects.add_unit(top, name=name, kind=kind)
