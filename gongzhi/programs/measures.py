"""A counted target's actual value: a count, a ratio to a unit statistic, or a coverage.

What is counted is the target's subject — the pilot community for a pilot's work item, the
program's region otherwise — or, for a coverage, each unit of the group. A page showing many
targets costs one counter call per (counter, arguments, program), whatever the number of targets.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from gongzhi.orgs.statistics import statistic_values
from gongzhi.programs import counters
from gongzhi.programs.groups import program_group_units

TWO_PLACES = Decimal("0.01")


def subject_of(target):
    """The unit a target counts in: its pilot community, or the program's region."""
    task = target.task
    return task.pilot.community if task.pilot_id else task.program.region


@dataclass
class _Call:
    counter: counters.Counter
    program: object
    args: dict
    units: dict = field(default_factory=dict)

    def run(self) -> dict:
        return self.counter.compute(self.program, list(self.units.values()), self.args)


def _units_of(target, group_cache) -> list:
    if not target.coverage_of:
        return [subject_of(target)]
    key = (target.task.program_id, target.coverage_of)
    if key not in group_cache:
        group_cache[key] = program_group_units(target.task.program, target.coverage_of)
    return group_cache[key]


def _statistics(plans) -> dict:
    """{(statistic, year): {unit id: value}} for the ratio targets among `plans`."""
    wanted: dict[tuple, dict] = {}
    for target, _key, units in plans:
        if target.per_statistic:
            key = (target.per_statistic, target.task.program.year)
            wanted.setdefault(key, {}).update({unit.pk: unit for unit in units})
    return {
        (name, year): statistic_values(list(units.values()), name, year)
        for (name, year), units in wanted.items()
    }


def _value(target, counts, units, statistics):
    if target.coverage_of:
        at_least = target.coverage_at_least if target.coverage_at_least is not None else 1
        met = sum(1 for unit in units if counts.get(unit.pk, 0) >= at_least)
        return counters.share(met, len(units))
    counted = Decimal(counts.get(units[0].pk, 0))
    if not target.per_statistic:
        return counted
    year = target.task.program.year
    denominator = statistics[(target.per_statistic, year)].get(units[0].pk)
    if not denominator:
        return None  # no statistic recorded: the ratio is unknown, not zero
    per = target.per_amount or 1
    return (counted / Decimal(denominator) * per).quantize(TWO_PLACES)


def count_many(targets) -> dict[int, Decimal | None]:
    """Actual values of every counted target among `targets` ({target id: value})."""
    calls: dict[tuple, _Call] = {}
    plans, group_cache = [], {}
    for target in targets:
        counter = counters.get(target.counter)
        if counter is None:
            continue
        program = target.task.program
        key = (counter.name, program.pk, json.dumps(target.counter_args, sort_keys=True))
        call = calls.setdefault(key, _Call(counter, program, target.counter_args or {}))
        units = _units_of(target, group_cache)
        call.units.update({unit.pk: unit for unit in units})
        plans.append((target, key, units))
    counts = {key: call.run() for key, call in calls.items()}
    statistics = _statistics(plans)
    return {
        target.pk: _value(target, counts[key], units, statistics) for target, key, units in plans
    }


def counted_records(target):
    """The records a counted target counts (a queryset), or None when its counter has none."""
    counter = counters.get(target.counter)
    if counter is None or counter.records is None:
        return None
    unit = target.task.program.region if target.coverage_of else subject_of(target)
    return counter.records(target.task.program, unit, target.counter_args or {})


@dataclass
class Explanation:
    """How one counted target's actual value came about, for its records page."""

    subject: object = None
    counted: Decimal | None = None
    statistic: Decimal | None = None
    units: list = field(default_factory=list)  # coverage: [(unit, count, met)]
    hidden: int = 0  # coverage units left out of `units` because the viewer may not see them


def explain(target) -> Explanation | None:
    counter = counters.get(target.counter)
    if counter is None:
        return None
    units = _units_of(target, {})
    counts = counter.compute(target.task.program, units, target.counter_args or {})
    if target.coverage_of:
        at_least = target.coverage_at_least if target.coverage_at_least is not None else 1
        rows = [
            (unit, counts.get(unit.pk, 0), counts.get(unit.pk, 0) >= at_least) for unit in units
        ]
        return Explanation(units=rows)
    subject = units[0]
    explanation = Explanation(subject=subject, counted=Decimal(counts.get(subject.pk, 0)))
    if target.per_statistic:
        plans = [(target, None, units)]
        year = target.task.program.year
        explanation.statistic = _statistics(plans)[(target.per_statistic, year)].get(subject.pk)
    return explanation
