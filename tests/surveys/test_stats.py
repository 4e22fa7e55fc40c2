"""The Wilson interval against published values, and its properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.surveys.stats import Rate, wilson


@pytest.mark.parametrize(
    ("positive", "total", "low", "high"),
    [
        (45, 50, 0.7864, 0.9565),  # 90 % of 50
        (0, 10, 0.0, 0.2775),  # none of 10: the interval still says "up to 28 %"
        (10, 10, 0.7225, 1.0),
        (1, 2, 0.0945, 0.9055),
        (81, 263, 0.2553, 0.3662),  # Wilson (1927)-style textbook example
    ],
)
def test_known_intervals(positive, total, low, high):
    lower, upper = wilson(positive, total)
    assert lower == pytest.approx(low, abs=1e-4) and upper == pytest.approx(high, abs=1e-4)


def test_no_sample_no_interval():
    assert wilson(0, 0) is None and Rate(0, 0).share is None and Rate(0, 0).percent == ""


def test_a_rate_reads_as_people_write_it():
    rate = Rate(45, 50)
    assert (rate.percent, rate.interval_text) == ("90.0%", "78.6%–95.7%")


@given(total=st.integers(min_value=1, max_value=5000), data=st.data())
def test_the_interval_holds_the_observed_share_inside_zero_and_one(total, data):
    positive = data.draw(st.integers(min_value=0, max_value=total))
    low, high = wilson(positive, total)
    assert 0 <= low <= positive / total <= high <= 1


@given(
    positive=st.integers(min_value=0, max_value=50), scale=st.integers(min_value=2, max_value=20)
)
def test_more_answers_at_the_same_share_narrow_the_interval(positive, scale):
    total = 50
    small = wilson(positive, total)
    large = wilson(positive * scale, total * scale)
    assert large[1] - large[0] < small[1] - small[0]
