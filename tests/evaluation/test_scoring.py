"""Scoring arithmetic against hand-computed tables, and its invariants."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.evaluation.scoring import Line, grade_of, rule_points, totals, weighted

BANDS = [["优秀", 90], ["良好", 80], ["合格", 60], ["不合格", 0]]


@pytest.mark.parametrize(
    ("rule", "points", "target", "actual", "per_unit", "expected"),
    [
        ("per_shortfall", 5, 4, 4, "1.25", "5.00"),  # target met
        ("per_shortfall", 5, 4, 2, "1.25", "2.50"),  # two short: 5 - 2 × 1.25
        ("per_shortfall", 5, 10, 1, "1", "0.00"),  # nine short, floored at 0
        ("per_shortfall", 5, 4, 9, "1", "5.00"),  # beyond the target: no bonus
        ("proportional", 8, 90, 72, None, "6.40"),  # 72 % of 90 % → 8 × 0.8
        ("proportional", 8, 90, 95, None, "8.00"),  # capped at the points
        ("proportional", 15, 5, 2, None, "6.00"),
        ("all_or_nothing", 5, 1, 1, None, "5.00"),
        ("all_or_nothing", 5, 1, 0, None, "0.00"),
    ],
)
def test_rule_points_by_hand(rule, points, target, actual, per_unit, expected):
    got = rule_points(rule=rule, points=points, target=target, actual=actual, per_unit=per_unit)
    assert got == D(expected)


def test_manual_and_unmeasured_items_are_not_prefilled():
    assert rule_points(rule="manual", points=5, target=1, actual=1) is None
    assert rule_points(rule="proportional", points=5, target=1, actual=None) is None


def test_a_hand_computed_round():
    lines = [
        Line("basic", D(40), D("35.5")),
        Line("basic", D(30), D(31)),  # over its points: counts 30
        Line("basic", D(30), D("20")),
        Line("bonus", D(3), D(3)),
        Line("bonus", D(3), D(3)),  # 6 bonus points, capped at 5
        Line("veto", D(0), D(0)),
    ]
    result = totals(lines, bonus_cap=D(5), bands=BANDS, veto_grade="不合格")
    assert (result.basic, result.bonus, result.total) == (D("85.5"), D(5), D("90.50"))
    assert result.grade == "优秀" and not result.vetoed and result.maximum == 100


def test_a_veto_caps_the_grade_but_keeps_the_points():
    lines = [Line("basic", D(100), D(95)), Line("veto", D(0), D(1))]
    result = totals(lines, bonus_cap=D(5), bands=BANDS, veto_grade="不合格")
    assert result.total == D(95) and result.vetoed and result.grade == "不合格"
    capped_at_pass = totals(lines, bonus_cap=D(5), bands=BANDS, veto_grade="合格")
    assert capped_at_pass.grade == "合格"


@pytest.mark.parametrize(
    ("total", "grade"),
    [(90, "优秀"), ("89.99", "良好"), (80, "良好"), (79, "合格"), (60, "合格"), ("59.5", "不合格")],
)
def test_grade_bands_at_their_edges(total, grade):
    assert grade_of(D(str(total)), BANDS) == grade


def test_the_formula_weights_the_stages_and_shares_out_missing_ones():
    weights = {"self": D("0.2"), "street": D("0.3"), "third": D("0.5")}
    assert weighted({"self": 10, "street": 8, "third": 6}, weights) == D("7.40")  # 2 + 2.4 + 3
    # no street stage (a street's own round): 0.2 and 0.5 shared out over 0.7
    assert weighted({"self": 7, "street": None, "third": 0}, weights) == D("2.00")
    assert weighted({"self": 0, "street": 1, "third": 0}, weights, veto=True) == 1


points = st.decimals(min_value=0, max_value=30, places=2)
scores = st.one_of(st.none(), st.decimals(min_value=-10, max_value=60, places=2))
lines = st.lists(
    st.builds(Line, st.sampled_from(["basic", "bonus", "veto"]), points, scores), max_size=20
)


@given(lines, st.decimals(min_value=0, max_value=10, places=2))
def test_the_total_stays_within_zero_and_the_maximum_plus_the_bonus_cap(lines, cap):
    result = totals(lines, bonus_cap=cap, bands=BANDS, veto_grade="不合格")
    assert 0 <= result.total <= result.maximum + cap
    if result.vetoed:
        assert result.grade == "不合格"


@given(lines, st.sampled_from(["良好", "合格"]))
def test_a_veto_never_grades_above_its_cap(lines, cap):
    vetoed = [*lines, Line("veto", D(0), D(1))]
    grade = totals(vetoed, bonus_cap=D(5), bands=BANDS, veto_grade=cap).grade
    names = [name for name, _lowest in BANDS]
    assert names.index(grade) >= names.index(cap)
