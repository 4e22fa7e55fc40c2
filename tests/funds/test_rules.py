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


@given(st.lists(cents, min_size=1, max_size=20))
def test_disbursing_exactly_what_was_allocated_is_accepted(amounts):
    totals = Totals()
    for amount in amounts:
        totals = totals.plus("budget", amount).plus("allocated", amount)
    assert breach(totals, "disbursement", sum(amounts)) == ""
    assert breach(totals, "disbursement", sum(amounts) + Decimal("0.01")) != ""
