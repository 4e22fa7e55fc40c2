"""What the registry counters share: the day a count is taken on, argument choices, and counters
that count the rows of one queryset in each unit's subtree."""

import datetime

from gongzhi.core import clock, options
from gongzhi.programs.counters import count_in_subtrees, register


def reference_day(program) -> datetime.date:
    """The day a count is taken on: today, or the program year's last day once it is over."""
    return min(clock.today(), datetime.date(program.year, 12, 31))


def choices_of(choices_class):
    return lambda: list(choices_class.values)


def listed(list_name):
    """The codes of a configurable list (gongzhi.core.options), the ones in use but switched off
    included: a county's own values count like the built-in ones."""
    return lambda: [code for code, _label in options.options(list_name, active_only=False)]


def narrowed(queryset, args, **lookups):
    """`queryset` filtered by each argument given; `lookups` maps an argument to its field."""
    for name, lookup in lookups.items():
        if args.get(name) is not None:
            queryset = queryset.filter(**{lookup: args[name]})
    return queryset


def subtree_counter(
    name, *, label, description, counted, path, args=(), aggregate=None, listed=None
):
    """Register a counter of the rows of `counted(program, args)` lying in each unit's subtree,
    reached by the unit path lookup `path`, aggregated by `aggregate` (default: how many rows).

    Its records are those rows, or, with `listed=(Model, "field")`, the `Model` rows that
    `field` of those rows points to (e.g. the workers of the exam passes counted)."""
    model, field = listed or (None, "pk")

    def compute(program, units, args):
        return count_in_subtrees(counted(program, args), path, units, aggregate)

    def records(program, unit, args):
        rows = counted(program, args).filter(**{f"{path}__startswith": unit.path})
        return (model or rows.model).objects.filter(pk__in=rows.values(field))

    register(name, label=label, description=description, records=records, args=args)(compute)
    return compute
