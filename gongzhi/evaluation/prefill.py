"""Pre-filling a round from the records the platform holds: an item linked to a counter (e.g.
the satisfaction surveys' positive rate, the activities held) or to a target of the assessed
unit's work items is measured, and its rule turns the measure into points. One counter call
per (counter, arguments), however many items share it."""

import json
from decimal import Decimal

from django.utils.translation import gettext as _

from gongzhi.evaluation.scoring import rule_points
from gongzhi.programs import counters
from gongzhi.programs.models import Target
from gongzhi.progress.ledger import target_rows


def _counted(items, program, unit) -> dict:
    """{item id: actual} for the items linked to a counter."""
    calls: dict[tuple, Decimal | None] = {}
    found = {}
    for item in items:
        counter = counters.get(item.counter) if item.counter else None
        if counter is None:
            continue
        key = (counter.name, json.dumps(item.counter_args, sort_keys=True))
        if key not in calls:
            calls[key] = counter.compute(program, [unit], item.counter_args or {}).get(unit.pk)
        found[item.pk] = calls[key]
    return found


def _targeted(items, program, unit) -> dict:
    """{item id: actual} for the items linked to a target of the unit's work items by name."""
    names = {item.target_name for item in items if item.target_name and not item.counter}
    if not names:
        return {}
    targets = Target.objects.filter(
        task__program=program, task__pilot__community=unit, name__in=names
    ).select_related("task__pilot__community", "task__program__region")
    actual = {row.target.name: row.actual for row in target_rows(targets)}
    return {item.pk: actual.get(item.target_name) for item in items if item.target_name in actual}


def prefills(items, program, unit) -> dict:
    """{item id: (points, basis)} for every item the records can score."""
    items = [item for item in items if item.is_prefillable]
    measured = {**_targeted(items, program, unit), **_counted(items, program, unit)}
    result = {}
    for item in items:
        if item.pk not in measured or measured[item.pk] is None:
            continue
        actual = Decimal(measured[item.pk])
        points = rule_points(
            rule=item.rule,
            points=item.points,
            target=item.target_value,
            actual=actual,
            per_unit=item.per_unit,
        )
        basis = _("系统数据：实际 %(actual)s，目标 %(target)s（%(rule)s）") % {
            "actual": f"{actual.normalize():f}",
            "target": f"{item.target_value.normalize():f}",
            "rule": item.get_rule_display(),
        }
        result[item.pk] = (points, basis)
    return result
