"""spent ≤ disbursed ≤ allocated ≤ budget, checked without the database."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gongzhi.funds.rules import STAGE, Totals, breach, sum_up, yuan

KINDS = ("budget", "allocation", "disbursement", "spending")
cents = st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100)
operations = st.lists(
    st.tuples(st.sampled_from(KINDS), st.sampled_from(("province", "city")), cents), max_size=40
)


def test_the_message_names_both_numbers():
    totals = Totals(budget=Decimal("20000"), allocated=Decimal("10000"))
    assert breach(totals, "disbursement", Decimal("12000")) == (
        "拨付后累计 12,000.00 元，超出已分配 10,000.00 元。"
    )
    assert breach(totals, "disbursement", Decimal("10000.00")) == ""
    assert breach(totals, "allocation", Decimal("10000.01")) == (
        "分配后累计 20,000.01 元，超出预算 20,000.00 元。"
    )
    assert breach(totals, "spending", Decimal("0.01")) == (
        "支出后累计 0.01 元，超出已拨付 0.00 元。"
    )


def test_yuan_keeps_two_places():
    assert yuan(Decimal("1234567.5")) == "1,234,567.50"


@given(operations)
def test_every_accepted_write_keeps_the_invariant_and_the_sums_exact(ops):
    totals: dict[str, Totals] = {}
    accepted_cents: dict[tuple[str, str], int] = {}
    for kind, source, amount in ops:
        before = totals.get(source, Totals())
        stage = "budget" if kind == "budget" else STAGE[kind]
        if kind != "budget" and breach(before, kind, amount):
            continue  # refused: nothing changes
        totals[source] = before.plus(stage, amount)
        key = (source, stage)
        accepted_cents[key] = accepted_cents.get(key, 0) + int(amount * 100)
        assert totals[source].holds
    for (source, stage), total in accepted_cents.items():
        assert getattr(totals[source], stage) == Decimal(total) / 100
    whole = sum_up(totals)
    assert whole.holds
    assert whole.spent == sum(t.spent for t in totals.values())


corrections = st.lists(
    st.tuples(
        st.sampled_from(("allocation", "disbursement", "spending")),
        st.sampled_from(("province", "city")),
        cents,
        st.booleans(),
    ),
    max_size=40,
)


def test_a_reversal_is_checked_against_the_stage_below():
    totals = Totals(
        budget=Decimal(100), allocated=Decimal(80), disbursed=Decimal(50), spent=Decimal(20)
    )
    assert breach(totals, "disbursement", Decimal("-30")) == ""
    assert breach(totals, "disbursement", Decimal("-30.01")) == (
        "冲销后已拨付 19.99 元，少于已支出 20.00 元，请先冲销支出。"
    )
    assert breach(totals, "allocation", Decimal("-30.01")).startswith("冲销后已分配 49.99 元")
    assert breach(totals, "spending", Decimal("-20")) == ""


@given(corrections)
def test_writes_and_reversals_accepted_by_the_rules_keep_the_invariant(ops):
    """A reversal (a negative amount) of at most what its stage holds, mixed with writes."""
    totals: dict[str, Totals] = {}
    for kind, source, amount, reversing in ops:
        before = totals.get(source, Totals(budget=Decimal(5000)))
        stage = STAGE[kind]
        change = -min(amount, getattr(before, stage)) if reversing else amount
        if change == 0 or breach(before, kind, change):
            continue
        totals[source] = before.plus(stage, change)
        assert totals[source].holds
        assert min(totals[source].spent, totals[source].disbursed, totals[source].allocated) >= 0


@given(st.lists(cents, min_size=1, max_size=20))
def test_disbursing_exactly_what_was_allocated_is_accepted(amounts):
    totals = Totals()
    for amount in amounts:
        totals = totals.plus("budget", amount).plus("allocated", amount)
    assert breach(totals, "disbursement", sum(amounts)) == ""
    assert breach(totals, "disbursement", sum(amounts) + Decimal("0.01")) != ""
