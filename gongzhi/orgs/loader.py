"""Load a unit tree and its working group from a fixture file (idempotent: units are matched by
code, else by name under their parent)."""

from pathlib import Path

import yaml
from django.db import transaction

from gongzhi.orgs.models import Unit, WorkingGroup, WorkingGroupMember
from gongzhi.orgs.unit_import import apply_units, plan_units, read_yaml_units

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
    """Load (or re-load, changing nothing) one orgs fixture with the unit importer; returns its
    region. Nothing is written when any place of the file is wrong."""
    data = read_yaml(path)
    source = read_yaml_units(data)
    plan = plan_units(actor=None, source=source)
    if plan.errors:
        raise FixtureError(f"{path}: " + "\n".join(plan.errors))
    try:
        with transaction.atomic():
            apply_units(
                actor=None, plan=plan, source_name=Path(path).name, actor_label=LOADER_LABEL
            )
            by_name: dict[str, Unit] = {}
            for entry in source.entries:
                by_name.setdefault(entry.node.name, entry.node.unit)
            region = source.entries[0].node.unit
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
