"""Load a unit tree and its working group from a fixture file (idempotent: by name under parent)."""

from pathlib import Path

import yaml
from django.db import transaction

from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.kinds import ALLOWED_CHILD_KINDS, ROOT_KINDS, UnitKind
from gongzhi.orgs.models import Unit, WorkingGroup, WorkingGroupMember

LOADER_LABEL = "system:fixture"


class FixtureError(ValueError):
    """A fixture that cannot be loaded; the message names the file and the place in it."""


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise FixtureError(f"{path}: {error}") from error
    if not isinstance(data, dict):
        raise FixtureError(f"{path}: the top level must be a mapping")
    return data


def _require(node: dict, key: str, where: str):
    value = node.get(key) if isinstance(node, dict) else None
    if value in (None, ""):
        raise FixtureError(f"{where}: missing '{key}'")
    return value


def _find_or_add(parent: Unit | None, name: str, kind: str, where: str) -> Unit:
    allowed = ROOT_KINDS if parent is None else ALLOWED_CHILD_KINDS[parent.kind]
    if kind not in UnitKind.values or kind not in allowed:
        raise FixtureError(f"{where}: kind '{kind}' is not allowed here")
    siblings = Unit.objects.children_of(parent)
    unit = siblings.filter(name=name).first()
    if unit is not None:
        if unit.kind != kind:
            raise FixtureError(f"{where}: '{name}' exists with kind '{unit.kind}', not '{kind}'")
        return unit
    unit = Unit.objects.add_unit(parent, name=name, kind=kind)
    audit_record(
        actor=None, actor_label=LOADER_LABEL, action=Action.CREATE, obj=unit, after=snapshot(unit)
    )
    return unit


def _load_units(parent: Unit, nodes, where: str, by_name: dict) -> None:
    if not isinstance(nodes, list):
        raise FixtureError(f"{where}: must be a list")
    for index, node in enumerate(nodes):
        here = f"{where}[{index}]"
        name = _require(node, "name", here)
        unit = _find_or_add(parent, name, _require(node, "kind", here), here)
        by_name.setdefault(name, unit)
        _load_units(unit, node.get("children", []), f"{here}.children", by_name)


def _load_working_group(region: Unit, data: dict, by_name: dict, source: str) -> WorkingGroup:
    where = "working_group"
    office_name = _require(data, "office", where)
    if office_name not in by_name:
        raise FixtureError(f"{where}.office: unknown unit '{office_name}'")
    group, _created = WorkingGroup.objects.update_or_create(
        region=region,
        name=_require(data, "name", where),
        defaults={
            "office_unit": by_name[office_name],
            "office_duty": data.get("office_duty", ""),
            "source": data.get("source", source)[:200],
        },
    )
    members = data.get("members", [])
    for order, member in enumerate(members, start=1):
        here = f"{where}.members[{order - 1}]"
        unit_name = _require(member, "unit", here)
        if unit_name not in by_name:
            raise FixtureError(f"{here}.unit: unknown unit '{unit_name}'")
        duty = _require(member, "duty", here)
        if duty not in WorkingGroupMember.Duty.values:
            raise FixtureError(f"{here}.duty: unknown duty '{duty}'")
        WorkingGroupMember.objects.update_or_create(
            group=group,
            order=order,
            defaults={
                "name": _require(member, "name", here),
                "position": _require(member, "position", here),
                "unit": by_name[unit_name],
                "duty": duty,
            },
        )
    group.members.filter(order__gt=len(members)).delete()
    return group


def load_orgs(path: Path) -> Unit:
    """Load (or re-load, changing nothing) one orgs fixture; returns its region."""
    data = read_yaml(path)
    try:
        with transaction.atomic():
            region_node = _require(data, "region", "top level")
            region = _find_or_add(
                None, _require(region_node, "name", "region"), region_node.get("kind"), "region"
            )
            by_name = {region.name: region}
            _load_units(region, data.get("units", []), "units", by_name)
            if "working_group" in data:
                _load_working_group(region, data["working_group"], by_name, data.get("source", ""))
    except FixtureError as error:
        raise FixtureError(f"{path}: {error}") from error
    return region


def unit_at(names: list[str]) -> Unit:
    """The unit reached by following names from a root, e.g. ['广汉市', '雒城街道']."""
    unit = Unit.objects.children_of(None).filter(name=names[0]).first()
    for name in names[1:]:
        unit = Unit.objects.children_of(unit).filter(name=name).first() if unit else None
    if unit is None:
        raise FixtureError(f"unknown unit {' / '.join(names)}")
    return unit
