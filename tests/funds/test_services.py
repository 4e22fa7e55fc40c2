"""Recording money: the rules refused with their numbers, 市财政局's override kept with its
reason, each write audited, the seats that may write."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.funds.models import BudgetLine, FundEntry
from gongzhi.funds.selectors import project_totals
from gongzhi.funds.services import budget_add, entry_record, entry_reverse, unreversed
from tests.funds.conftest import budget, entry


def record(actor, project, kind, amount, **extra):
    return entry_record(actor=actor, entry=entry(project, kind, amount), **extra)


@pytest.fixture
def allocated(project, office, finance_user):
    budget(project, "province", "20000", office)
    record(finance_user, project, "allocation", "10000")
    return project


def test_a_disbursement_beyond_the_allocation_is_refused_with_its_numbers(allocated, finance_user):
    with pytest.raises(ValidationError) as refused:
        record(finance_user, allocated, "disbursement", "12000")
    assert refused.value.message_dict["amount"][0].startswith(
        "拨付后累计 12,000.00 元，超出已分配 10,000.00 元。"
    )
    assert not FundEntry.objects.filter(kind="disbursement").exists()


def test_finance_may_go_beyond_with_a_reason_and_the_audit_keeps_it(allocated, finance_user):
    done = record(finance_user, allocated, "disbursement", "12000", override_reason="提前拨付")
    assert done.override_reason == "提前拨付"
    audit = AuditEntry.objects.get(object_id=str(done.pk), object_type="funds.fundentry")
    assert "超出已分配 10,000.00 元" in audit.message and "提前拨付" in audit.message
    assert audit.actor == finance_user


def test_a_reason_within_the_rules_is_not_kept(allocated, finance_user):
    done = record(finance_user, allocated, "disbursement", "100", override_reason="无需")
    assert done.override_reason == ""


def test_spending_beyond_the_disbursed_is_refused_even_with_a_reason(
    allocated, finance_user, community_user
):
    record(finance_user, allocated, "disbursement", "5000")
    record(community_user, allocated, "spending", "4999.99")
    with pytest.raises(ValidationError, match="支出后累计 5,000.02 元，超出已拨付 5,000.00 元"):
        record(community_user, allocated, "spending", "0.03", override_reason="急用")
    record(community_user, allocated, "spending", "0.01")
    totals = project_totals([allocated.pk])[allocated.pk]["province"]
    assert (totals.budget, totals.allocated, totals.disbursed, totals.spent) == (
        Decimal("20000.00"),
        Decimal("10000.00"),
        Decimal("5000.00"),
        Decimal("5000.00"),
    )


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.COMMUNITY, "disbursement"),
        (Role.AGENCY, "spending"),
        (Role.FINANCE, "spending"),
        (Role.THIRD_PARTY, "allocation"),
    ],
)
def test_only_the_right_seats_write(allocated, users, role, kind):
    with pytest.raises(PermissionDenied):
        record(users[role], allocated, kind, "1")


def test_only_the_buyer_budgets(project, users):
    with pytest.raises(PermissionDenied):
        budget_add(actor=users[Role.FINANCE], project=project, source="city", item="x", amount=1)
    line = budget_add(
        actor=users[Role.COMMUNITY], project=project, source="city", item="活动经费", amount=1
    )
    assert AuditEntry.objects.filter(object_id=str(line.pk), action="create").exists()


def test_amounts_must_be_positive(project, finance_user):
    with pytest.raises(ValidationError, match="金额须大于零"):
        record(finance_user, project, "allocation", "0")
    with pytest.raises(IntegrityError):
        budget(project, "city", "-1", finance_user)


def test_an_unknown_source_is_refused(project, finance_user):
    with pytest.raises(ValidationError) as refused:
        entry_record(actor=finance_user, entry=entry(project, "allocation", "1", source="nope"))
    assert "source" in refused.value.message_dict


steps = st.lists(
    st.tuples(
        st.sampled_from(("allocation", "disbursement", "spending")),
        st.integers(min_value=1, max_value=500_000).map(lambda n: Decimal(n) / 100),
    ),
    min_size=1,
    max_size=8,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps)
def test_the_database_keeps_the_invariant_after_every_accepted_write(
    project, office, finance_user, community_user, ops
):
    FundEntry.objects.all().delete()
    BudgetLine.objects.all().delete()
    budget(project, "province", "3000.00", office)
    accepted = {"allocated": Decimal(0), "disbursed": Decimal(0), "spent": Decimal(0)}
    stage = {"allocation": "allocated", "disbursement": "disbursed", "spending": "spent"}
    for kind, amount in ops:
        actor = community_user if kind == "spending" else finance_user
        try:
            record(actor, project, kind, amount)
        except ValidationError:
            continue
        accepted[stage[kind]] += amount
        totals = project_totals([project.pk])[project.pk]["province"]
        assert totals.holds
        assert (totals.allocated, totals.disbursed, totals.spent) == (
            accepted["allocated"],
            accepted["disbursed"],
            accepted["spent"],
        )


def test_a_reversal_takes_back_part_then_the_rest_and_is_audited(allocated, finance_user):
    original = FundEntry.objects.get(kind="allocation")
    first = entry_reverse(
        actor=finance_user, entry=original, reason="分配有误", amount=Decimal("0.01")
    )
    assert first.amount == Decimal("-0.01") and first.reverses == original
    assert unreversed(original) == Decimal("9999.99")
    rest = entry_reverse(actor=finance_user, entry=original, reason="全部冲回")
    assert rest.amount == Decimal("-9999.99") and unreversed(original) == Decimal("0.00")
    assert project_totals([allocated.pk])[allocated.pk]["province"].allocated == Decimal("0.00")
    audit = AuditEntry.objects.get(object_id=str(rest.pk), object_type="funds.fundentry")
    assert f"第 {original.pk} 号记录" in audit.message and "全部冲回" in audit.message
    with pytest.raises(ValidationError, match="不超过尚未冲销的 0.00 元"):
        entry_reverse(actor=finance_user, entry=original, reason="再冲")


def test_a_reversal_needs_a_reason_and_is_not_reversed_again(allocated, finance_user):
    original = FundEntry.objects.get(kind="allocation")
    with pytest.raises(ValidationError, match="冲销原因"):
        entry_reverse(actor=finance_user, entry=original, reason=" ")
    reversal = entry_reverse(actor=finance_user, entry=original, reason="录错", amount=Decimal(1))
    with pytest.raises(ValidationError, match="不能再冲销"):
        entry_reverse(actor=finance_user, entry=reversal, reason="录错")


def test_a_reversal_never_leaves_less_than_was_passed_on(allocated, finance_user, community_user):
    record(finance_user, allocated, "disbursement", "3000")
    record(community_user, allocated, "spending", "2000")
    disbursement = FundEntry.objects.get(kind="disbursement")
    with pytest.raises(ValidationError, match="冲销后已拨付 999.99 元，少于已支出 2,000.00 元"):
        entry_reverse(
            actor=finance_user, entry=disbursement, reason="录错", amount=Decimal("2000.01")
        )
    allocation = FundEntry.objects.get(kind="allocation")
    with pytest.raises(ValidationError, match="少于已拨付 3,000.00 元"):
        entry_reverse(actor=finance_user, entry=allocation, reason="录错")
    entry_reverse(actor=finance_user, entry=disbursement, reason="录错", amount=Decimal(1000))
    spending = FundEntry.objects.get(kind="spending")
    with pytest.raises(PermissionDenied):  # the holder's spending is the holder's to correct
        entry_reverse(actor=finance_user, entry=spending, reason="录错")
    entry_reverse(actor=community_user, entry=spending, reason="发票作废")
    totals = project_totals([allocated.pk])[allocated.pk]["province"]
    assert (totals.disbursed, totals.spent) == (Decimal("2000.00"), Decimal("0.00"))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps,
    st.lists(st.tuples(st.integers(min_value=0, max_value=7), st.integers(1, 300_000)), max_size=5),
)
def test_corrections_keep_the_invariant_and_the_sums_exact(
    project, office, finance_user, community_user, ops, reversals
):
    FundEntry.objects.filter(reverses__isnull=False).delete()
    FundEntry.objects.all().delete()
    BudgetLine.objects.all().delete()
    budget(project, "province", "3000.00", office)
    recorded = []
    for kind, amount in ops:
        try:
            recorded.append(
                record(
                    community_user if kind == "spending" else finance_user, project, kind, amount
                )
            )
        except ValidationError:
            continue
    for index, cents in reversals:
        if not recorded:
            break
        original = recorded[index % len(recorded)]
        actor = community_user if original.kind == "spending" else finance_user
        try:
            entry_reverse(actor=actor, entry=original, reason="更正", amount=Decimal(cents) / 100)
        except ValidationError:
            continue
        totals = project_totals([project.pk])[project.pk]["province"]
        assert totals.holds
    for original in recorded:
        assert unreversed(original) >= 0
    stage = {"allocation": "allocated", "disbursement": "disbursed", "spending": "spent"}
    totals = project_totals([project.pk]).get(project.pk, {}).get("province")
    for kind, name in stage.items():
        net = sum((e.amount for e in FundEntry.objects.filter(kind=kind)), Decimal(0))
        assert getattr(totals, name) == net if totals else net == 0


def test_sums_are_exact_to_the_cent_after_many_reversals(project, office, finance_user):
    """SQLite adds decimals in floating point; the totals still read 72.08, not 72.0799…."""
    budget(project, "province", "3000.00", office)
    allocation = record(finance_user, project, "allocation", Decimal("313.55"))
    for amount in ("27.38", "125.35", "82.33", "2.69", "3.72"):
        entry_reverse(actor=finance_user, entry=allocation, reason="更正", amount=Decimal(amount))
    allocated = project_totals([project.pk])[project.pk]["province"].allocated
    assert str(allocated) == "72.08"
