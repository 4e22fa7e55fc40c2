"""The arithmetic of a scoring table, free of the database: an item's points from a measured
value under its deduction rule, the final score by the table's weights, and a round's totals
(basic items, bonus capped, vetoes) with the grade they earn."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")
ZERO = Decimal(0)


def quantize(value) -> Decimal:
    return Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP)


def clamp(value, points) -> Decimal:
    """A score within [0, the item's points]."""
    return min(max(Decimal(value), ZERO), Decimal(points))


def rule_points(*, rule: str, points, target, actual, per_unit=None) -> Decimal | None:
    """The points an item earns when the measured `actual` is set against its `target`:
    per_shortfall deducts `per_unit` points per missing unit (floored at 0), proportional gives
    the share of the target reached, all_or_nothing full points when the target is reached, and
    manual nothing (a person scores it). None when nothing was measured."""
    if actual is None or rule == "manual" or target is None:
        return None
    points, target, actual = Decimal(points), Decimal(target), Decimal(actual)
    if rule == "per_shortfall":
        shortfall = max(target - actual, ZERO)
        return quantize(max(points - Decimal(per_unit or 0) * shortfall, ZERO))
    if rule == "proportional":
        if target <= 0:
            return quantize(points)
        return quantize(points * min(actual / target, Decimal(1)))
    if rule == "all_or_nothing":
        return quantize(points if actual >= target else ZERO)
    raise ValueError(f"unknown rule {rule!r}")


def weighted(scores: dict, weights: dict, *, veto: bool = False) -> Decimal | None:
    """The office's score by the formula: the weighted mean of the stages that scored (weights
    of missing stages shared out among the others); a veto applies when any stage found it."""
    present = {stage: Decimal(value) for stage, value in scores.items() if value is not None}
    if not present:
        return None
    if veto:
        return Decimal(1) if any(value > 0 for value in present.values()) else ZERO
    weight = sum((Decimal(weights[stage]) for stage in present), ZERO)
    if weight == 0:
        return quantize(sum(present.values()) / len(present))
    return quantize(
        sum(Decimal(weights[stage]) * value for stage, value in present.items()) / weight
    )


def grade_of(total, bands, *, vetoed: bool = False, veto_grade: str = "") -> str:
    """The band the total reaches (bands: [[name, lowest total], …] in any order); a veto caps
    the grade at `veto_grade` (or the lowest band)."""
    ordered = sorted(bands, key=lambda band: Decimal(str(band[1])), reverse=True)
    names = [name for name, _lowest in ordered]
    reached = next(
        (name for name, lowest in ordered if Decimal(total) >= Decimal(str(lowest))), names[-1]
    )
    if not vetoed:
        return reached
    cap = veto_grade if veto_grade in names else names[-1]
    return max(reached, cap, key=names.index)


@dataclass(frozen=True)
class Line:
    """One item of a round for the totals: its kind, its points and the score it got."""

    kind: str  # basic / bonus / veto
    points: Decimal
    score: Decimal | None


@dataclass
class Totals:
    basic: Decimal = ZERO
    bonus: Decimal = ZERO
    total: Decimal = ZERO
    maximum: Decimal = ZERO
    vetoed: bool = False
    grade: str = ""
    unscored: int = 0
    vetoes: list = field(default_factory=list)


def totals(lines, *, bonus_cap, bands, veto_grade) -> Totals:
    """Basic items' scores (each within its points) plus bonus items' (capped at `bonus_cap`);
    a veto item scored above 0 caps the grade."""
    result = Totals()
    bonus = ZERO
    for index, line in enumerate(lines):
        if line.kind == "veto":
            if line.score is not None and line.score > 0:
                result.vetoed = True
                result.vetoes.append(index)
            continue
        if line.kind == "basic":
            result.maximum += Decimal(line.points)
        if line.score is None:
            result.unscored += line.kind == "basic"
            continue
        if line.kind == "bonus":
            bonus += clamp(line.score, line.points)
        else:
            result.basic += clamp(line.score, line.points)
    result.bonus = min(bonus, Decimal(bonus_cap))
    result.total = quantize(result.basic + result.bonus)
    result.grade = grade_of(result.total, bands, vetoed=result.vetoed, veto_grade=veto_grade)
    return result
