"""Reading a task's targets: a count, a ratio to a unit statistic (`per`) or the coverage of a
group of units (`coverage`), each optionally counted by a named counter with arguments."""

from decimal import Decimal

from django.utils.translation import gettext as _

from gongzhi.core.validators import not_negative
from gongzhi.orgs.statistics import Statistic
from gongzhi.programs import counters
from gongzhi.programs.models import Target

TARGET_KEYS = {"name", "comparator", "value", "unit", "counter", "args", "per", "coverage"}
PER_KEYS = {"statistic", "per"}
COVERAGE_KEYS = {"of", "at_least"}


def _counter(reader, node, where):
    name = reader.field(node, "counter", where, required=False, default="")
    args = reader.field(node, "args", where, kind=dict, required=False, default={})
    counter = counters.get(name) if name else None
    if name and counter is None:
        reader.fail(f"{where}.counter", _("没有名为“%(name)s”的计数器") % {"name": name})
    if args and not name:
        reader.fail(f"{where}.args", _("写了参数，但没有写计数器"))
    for problem in counter.check_args(args) if counter else []:
        reader.fail(f"{where}.args.{problem.split(':')[0]}", problem.partition(": ")[2])
    return name, args


def _per(reader, node, where):
    per = reader.field(node, "per", where, kind=dict, required=False)
    if per is None:
        return "", None
    here = f"{where}.per"
    reader.known(per, PER_KEYS, here)
    statistic = reader.field(per, "statistic", here)
    reader.one_of(statistic, Statistic.values, f"{here}.statistic")
    amount = reader.field(per, "per", here, kind=Decimal, required=False, default=Decimal(1))
    if amount is not None and amount <= 0:
        reader.fail(f"{here}.per", _("应大于 0"))
    return statistic or "", amount


def _coverage(reader, node, where):
    coverage = reader.field(node, "coverage", where, kind=dict, required=False)
    if coverage is None:
        return "", None
    here = f"{where}.coverage"
    reader.known(coverage, COVERAGE_KEYS, here)
    phrase = reader.field(coverage, "of", here)
    if phrase and reader.groups.get(phrase) is None:
        reader.fail(f"{here}.of", _("“%(phrase)s”不是可用的单位组短语") % {"phrase": phrase})
    at_least = reader.field(coverage, "at_least", here, kind=Decimal, required=False)
    at_least = reader.bounded(at_least, not_negative, f"{here}.at_least")
    group = reader.groups.get(phrase) if phrase else None
    return (group.phrase if group else phrase or ""), at_least


def _target(reader, node, where):
    reader.known(node, TARGET_KEYS, where)
    comparator = reader.field(node, "comparator", where)
    reader.one_of(comparator, Target.Comparator.values, f"{where}.comparator")
    counter, args = _counter(reader, node, where)
    per_statistic, per_amount = _per(reader, node, where)
    coverage_of, at_least = _coverage(reader, node, where)
    if (per_statistic or coverage_of) and not counter:
        reader.fail(where, _("比率或覆盖率指标须写计数器"))
    if per_statistic and coverage_of:
        reader.fail(where, _("per（比率）和 coverage（覆盖率）只能写一个"))
    value = reader.field(node, "value", where, kind=Decimal)
    return {
        "name": reader.field(node, "name", where),
        "comparator": comparator,
        "value": reader.bounded(value, not_negative, f"{where}.value"),
        "measure": reader.field(node, "unit", where, required=False, default=""),
        "counter": counter,
        "counter_args": args,
        "per_statistic": per_statistic,
        "per_amount": per_amount if per_statistic else None,
        "coverage_of": coverage_of,
        "coverage_at_least": at_least if coverage_of else None,
    }


def read_targets(reader, node, where) -> list[dict]:
    nodes = reader.field(node, "targets", where, kind=list, required=False, default=[])
    return [_target(reader, t, f"{where}.targets[{i}]") for i, t in enumerate(nodes)]


def target_document(target) -> dict:
    """A target as the document writes it (the inverse of `_target`)."""
    node = {
        "name": target.name,
        "comparator": target.comparator,
        "value": plain_number(target.value),
        "unit": target.measure,
    }
    if target.counter:
        node["counter"] = target.counter
    if target.counter_args:
        node["args"] = target.counter_args
    if target.per_statistic:
        node["per"] = {"statistic": target.per_statistic, "per": plain_number(target.per_amount)}
    if target.coverage_of:
        node["coverage"] = {"of": target.coverage_of}
        if target.coverage_at_least is not None:
            node["coverage"]["at_least"] = plain_number(target.coverage_at_least)
    return node


def plain_number(value):
    return int(value) if value == value.to_integral_value() else float(value)
