"""Named counters: a target naming one has its actual value counted from records, never typed.

A counter is registered with a name, a label and a description that states exactly what it
counts. Its function takes a list of targets and returns {target id: value}, so a page showing
many targets costs one query per counter, not per target. `records(target)`, when given, returns
the records counted as a queryset (for the click-through).
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Counter:
    name: str
    label: str
    description: str
    compute: Callable
    records: Callable | None = None


REGISTRY: dict[str, Counter] = {}


def register(name: str, *, label: str, description: str, records: Callable | None = None):
    """Decorator registering `compute(targets) -> {target id: Decimal}` under `name`."""

    def decorate(compute):
        if name in REGISTRY:
            raise ValueError(f"counter {name!r} is registered twice")
        REGISTRY[name] = Counter(name, label, description, compute, records)
        return compute

    return decorate


def get(name: str) -> Counter | None:
    return REGISTRY.get(name)


def count_many(targets) -> dict[int, Decimal]:
    """Values for every counted target, one call per counter."""
    by_counter: dict[str, list] = {}
    for target in targets:
        if target.counter in REGISTRY:
            by_counter.setdefault(target.counter, []).append(target)
    values = {}
    for name, group in by_counter.items():
        values.update(REGISTRY[name].compute(group))
    return values


def share(part: int, whole: int) -> Decimal:
    """A percentage with two decimals; 0 when there is nothing to count."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
