"""Named counters: a target naming one has its actual value counted from records, never typed.

A counter counts, for a program and a list of units, one number per unit — what lies in that
unit's subtree (or, for counters that say so, in the unit itself). It is registered with a name,
a label, a description that states exactly what it counts, and the arguments it takes
(`{"type": "supply_demand"}`), so one counter serves every value of an argument.

    compute(program, units, args) -> {unit id: number}     one grouped query, not one per unit
    records(program, unit, args)  -> queryset               the records counted (click-through)

How a target turns counts into its actual value (a count, a ratio to a unit statistic, or the
coverage of a group of units) is in `gongzhi.programs.measures`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from os.path import commonprefix

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.paths import STEPLEN

KIND_NAMES = {
    str: gettext_lazy("文字"),
    bool: gettext_lazy("true 或 false"),
    int: gettext_lazy("整数"),
}


@dataclass(frozen=True)
class Arg:
    """An argument a counter takes; `choices()` lists the accepted values when they are fixed."""

    name: str
    label: str
    choices: Callable[[], list[str]] | None = None
    required: bool = False
    kind: type = str


@dataclass(frozen=True)
class Counter:
    name: str
    label: str
    description: str
    compute: Callable
    records: Callable | None = None
    args: tuple[Arg, ...] = field(default_factory=tuple)

    def check_args(self, args) -> list[str]:
        """Problems with `args` for this counter, each naming the argument."""
        if not isinstance(args, dict):
            return [_("应为一组键和值（JSON 对象）")]
        known = {arg.name: arg for arg in self.args}
        problems = [
            f"{name}: " + _("计数器“%(counter)s”没有这个参数") % {"counter": self.name}
            for name in args
            if name not in known
        ]
        for arg in self.args:
            value = args.get(arg.name)
            if value is None:
                if arg.required:
                    problems.append(f"{arg.name}: " + _("必须填写"))
                continue
            if not isinstance(value, arg.kind) or (arg.kind is int and isinstance(value, bool)):
                problems.append(
                    f"{arg.name}: "
                    + _("应为%(kind)s，而不是“%(value)s”")
                    % {"kind": KIND_NAMES.get(arg.kind, arg.kind.__name__), "value": value}
                )
                continue
            allowed = arg.choices() if arg.choices else None
            if allowed is not None and value not in allowed:
                problems.append(
                    f"{arg.name}: "
                    + _("“%(value)s”不是可选的值（可选：%(allowed)s）")
                    % {"value": value, "allowed": "、".join(map(str, allowed))}
                )
        return problems


REGISTRY: dict[str, Counter] = {}


def register(
    name: str,
    *,
    label,
    description,
    records: Callable | None = None,
    args: tuple[Arg, ...] = (),
):
    """Decorator registering `compute(program, units, args) -> {unit id: number}`."""

    def decorate(compute):
        if name in REGISTRY:
            raise ValueError(f"counter {name!r} is registered twice")
        REGISTRY[name] = Counter(name, label, description, compute, records, tuple(args))
        return compute

    return decorate


def get(name: str) -> Counter | None:
    return REGISTRY.get(name)


def share(part, whole) -> Decimal:
    """A percentage with two decimals; 0 when there is nothing to count."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


FEW_PATHS = 20  # up to this many subtrees are ORed (index-friendly)
PATHS_PER_QUERY = 500  # up to this many are matched by a list of prefixes; more by grouping


def in_subtrees(path_lookup: str, paths) -> Q:
    """Records whose unit (reached by `path_lookup`, e.g. "community__path") lies under any of
    the unit paths `paths`."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{path_lookup}__startswith": path})
    return condition


def _common_ancestor(paths) -> str:
    common = commonprefix(paths)
    return common[: len(common) - len(common) % STEPLEN]


def _selection(paths: list[str]):
    """The filter selecting the records under `paths` (all of one length), for one grouped
    query whatever their number: a few are ORed; a list of prefixes under their common ancestor
    (within every database's limit of query parameters); beyond that the common ancestor's whole
    subtree, grouped by prefix, the groups not asked for being dropped by the caller."""
    if len(paths) <= FEW_PATHS:
        return lambda queryset, lookup: queryset.filter(in_subtrees(lookup, paths))
    common = _common_ancestor(paths)

    def narrowed(queryset, lookup):
        queryset = queryset.filter(**{f"{lookup}__startswith": common})
        return queryset.filter(gz_prefix__in=paths) if len(paths) <= PATHS_PER_QUERY else queryset

    return narrowed


def count_in_subtrees(queryset, path_lookup: str, units, aggregate=None) -> dict[int, int]:
    """{unit id: aggregate over the records in that unit's subtree}: one grouped query per
    depth among `units` (units of one depth never overlap), whatever their number.
    `aggregate` defaults to Count("pk")."""
    return count_parts_in_subtrees([(queryset, path_lookup)], units, aggregate)


def count_parts_in_subtrees(parts, units, aggregate=None) -> dict[int, int]:
    """As count_in_subtrees, over records split into disjoint parts, each (queryset, the path
    lookup of its unit): each part grouped over its own path (which the path index serves,
    where a COALESCE of paths is served by none), the parts UNIONed into the one query per
    depth and their sums added."""
    aggregate = aggregate or Count("pk", distinct=True)
    counts: dict[int, int] = {unit.pk: 0 for unit in units}
    by_depth: dict[int, dict[str, int]] = {}
    for unit in units:
        by_depth.setdefault(len(unit.path), {})[unit.path] = unit.pk
    for length, by_path in by_depth.items():
        select = _selection(sorted(by_path))
        grouped = [
            select(queryset.annotate(gz_prefix=Substr(lookup, 1, length)), lookup)
            .values("gz_prefix")
            .annotate(n=aggregate)
            .order_by()
            for queryset, lookup in parts
        ]
        rows = grouped[0].union(*grouped[1:], all=True) if len(grouped) > 1 else grouped[0]
        for row in rows:
            if row["gz_prefix"] in by_path:
                counts[by_path[row["gz_prefix"]]] += row["n"] or 0
    return counts
