"""The 四议两公开 rules at their boundaries: exactly half, one short, abstentions, two thirds."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from gongzhi.selfgov import rules
from gongzhi.selfgov.rules import Quorum

sizes = st.integers(min_value=1, max_value=5000)


@given(sizes)
def test_exactly_half_present_is_no_quorum_and_one_more_is(entitled):
    half = entitled // 2
    assert not rules.quorum_met(entitled, half, Quorum.HALF)
    assert rules.quorum_met(entitled, half + 1, Quorum.HALF)


@given(sizes, st.data())
def test_quorum_is_more_than_half_of_those_entitled(entitled, data):
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    assert rules.quorum_met(entitled, present, Quorum.HALF) == (present > entitled / 2)


@given(sizes, st.data())
def test_representatives_quorum_is_two_thirds_or_more(entitled, data):
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    assert rules.quorum_met(entitled, present, Quorum.TWO_THIRDS) == (present * 3 >= entitled * 2)
    if present * 3 >= entitled * 2:  # two thirds is always also more than half
        assert rules.quorum_met(entitled, present, Quorum.HALF)


def test_refusals_show_the_numbers():
    assert rules.attendance_problem(45, 22, Quorum.HALF) == (
        "应到 45 人，实到 22 人，未过半数，会议无效。"
    )
    assert rules.attendance_problem(45, 23, Quorum.HALF) is None
    assert rules.attendance_problem(30, 19, Quorum.TWO_THIRDS) == (
        "应到 30 人，实到 19 人，不足三分之二，会议无效。"
    )
    assert rules.attendance_problem(30, 20, Quorum.TWO_THIRDS) is None
    assert "实到人数不能多于应到人数" in rules.attendance_problem(10, 11, Quorum.HALF)
    assert rules.attendance_problem(0, 0, Quorum.HALF) == "应到人数须至少为 1 人。"


@given(sizes, st.data())
def test_a_resolution_needs_a_majority_of_those_entitled_not_of_those_present(entitled, data):
    present = data.draw(st.integers(min_value=entitled // 2 + 1, max_value=entitled))
    votes_for = data.draw(st.integers(min_value=0, max_value=present))
    problem = rules.passed_problem(
        entitled=entitled, present=present, votes_for=votes_for, of_entitled=True
    )
    assert (problem is None) == (votes_for * 2 > entitled)


@given(st.integers(min_value=1, max_value=2000), st.data())
def test_abstentions_count_as_present_but_not_for(present, data):
    votes_for = data.draw(st.integers(min_value=0, max_value=present))
    abstain = present - votes_for  # everyone else abstains
    problem = rules.meeting_problem(
        entitled=present,
        present=present,
        votes_for=votes_for,
        against=0,
        abstain=abstain,
        quorum=Quorum.HALF,
        of_entitled=False,
    )
    assert (problem is None) == (votes_for * 2 > present)


def test_a_resolution_majority_of_those_present_only_is_refused_with_the_numbers():
    # 45 entitled, 30 present, 20 for: 2/3 of those present, but not more than half of 45
    problem = rules.meeting_problem(
        entitled=45,
        present=30,
        votes_for=20,
        against=5,
        abstain=5,
        quorum=Quorum.HALF,
        of_entitled=True,
    )
    assert problem == "应到 45 人，赞成 20 票，未超过应到人数的半数，决议未通过。"
    assert rules.passed_problem(entitled=45, present=30, votes_for=23, of_entitled=True) is None


@given(
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=200),
)
def test_more_votes_than_people_present_are_refused(votes_for, against, abstain, present):
    problem = rules.votes_problem(present, votes_for, against, abstain)
    assert (problem is None) == (votes_for + against + abstain <= present)


NAMES = {1: "一", 2: "二", 3: "三"}


def test_steps_go_in_order():
    assert rules.order_problem(0, 1, NAMES) is None
    assert rules.order_problem(0, 2, NAMES) == "须先完成“一”。"
    assert rules.order_problem(2, 2, NAMES) == "“二”已经记录。"
    assert rules.order_problem(2, 3, NAMES) is None


days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1))


@given(days, st.integers(min_value=-5, max_value=5))
def test_a_step_is_dated_no_earlier_than_the_one_before(previous, shift):
    day = previous + datetime.timedelta(days=shift)
    assert (rules.date_problem(previous, "上一步", day) is None) == (shift >= 0)


@given(days, st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=30))
def test_publication_lasts_the_minimum_days_both_ends_counted(start, length, minimum):
    end = start + datetime.timedelta(days=length)
    assert (rules.publication_problem(start, end, minimum) is None) == (length + 1 >= minimum)


def test_publication_refusal_names_its_days():
    start = datetime.date(2024, 3, 13)
    assert rules.publication_problem(start, datetime.date(2024, 3, 18), 7) == (
        "公开期 2024-03-13 至 2024-03-18 共 6 天，少于规定的 7 天。"
    )
    assert rules.publication_problem(start, datetime.date(2024, 3, 19), 7) is None


@given(days, st.integers(min_value=-3, max_value=3))
def test_the_result_is_published_only_after_the_resolutions_period(resolution_ends, shift):
    day = resolution_ends + datetime.timedelta(days=shift)
    assert (rules.result_date_problem(resolution_ends, day) is None) == (shift >= 1)
