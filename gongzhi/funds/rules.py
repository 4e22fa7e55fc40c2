"""The money rules, without the database: for each project and source,
spent ≤ disbursed ≤ allocated ≤ budget. A write is checked against the totals before it; a
write that would break a rule gets a message with the numbers. A reversing entry (红字冲销, a
negative amount) lowers its stage, so it is checked against the stage below it: a
disbursement cannot be reversed below what was already spent of it."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils.translation import gettext as _

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# the total an entry of each kind adds to, and the total that caps it
STAGE = {"allocation": "allocated", "disbursement": "disbursed", "spending": "spent"}
CAP = {"allocated": "budget", "disbursed": "allocated", "spent": "disbursed"}
BELOW = {"allocated": "disbursed", "disbursed": "spent"}  # the stage each stage caps


@dataclass(frozen=True)
class Totals:
    """One source's money for one project (or the sum over sources)."""

    budget: Decimal = ZERO
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO
    spent: Decimal = ZERO

    def plus(self, stage: str, amount: Decimal) -> "Totals":
        # to the cent: SQLite sums decimals in floating point (72.07999… for 72.08)
        return replace(self, **{stage: getattr(self, stage) + amount.quantize(CENT)})

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(*(getattr(self, f) + getattr(other, f) for f in FIELDS))

    @property
    def holds(self) -> bool:
        return self.spent <= self.disbursed <= self.allocated <= self.budget

    @property
    def undisbursed(self) -> Decimal:
        return max(self.allocated - self.disbursed, ZERO)


FIELDS = ("budget", "allocated", "disbursed", "spent")


def yuan(amount: Decimal) -> str:
    """12000 → “12,000.00”."""
    return f"{amount.quantize(CENT):,.2f}"


def _message(stage: str) -> str:
    return {
        "allocated": _("分配后累计 %(after)s 元，超出预算 %(cap)s 元。"),
        "disbursed": _("拨付后累计 %(after)s 元，超出已分配 %(cap)s 元。"),
        "spent": _("支出后累计 %(after)s 元，超出已拨付 %(cap)s 元。"),
    }[stage]


def _reversal_message(stage: str) -> str:
    return {
        "allocated": _("冲销后已分配 %(after)s 元，少于已拨付 %(below)s 元，请先冲销拨付。"),
        "disbursed": _("冲销后已拨付 %(after)s 元，少于已支出 %(below)s 元，请先冲销支出。"),
    }[stage]


def breach(totals: Totals, kind: str, amount: Decimal) -> str:
    """Why adding `amount` of `kind` to `totals` breaks a rule, or "" when it keeps them all;
    a negative `amount` (a reversal) is checked against the stage below."""
    stage = STAGE[kind]
    after = getattr(totals, stage) + amount
    if amount < 0:
        below = getattr(totals, BELOW[stage]) if stage in BELOW else ZERO
        if after >= below:
            return ""
        return _reversal_message(stage) % {"after": yuan(after), "below": yuan(below)}
    cap = getattr(totals, CAP[stage])
    if after <= cap:
        return ""
    return _message(stage) % {"after": yuan(after), "cap": yuan(cap)}


def overridable(kind: str) -> bool:
    """Only 市财政局's writes (allocations, disbursements) may go beyond with a reason."""
    return kind != "spending"


def sum_up(totals: dict) -> Totals:
    result = Totals()
    for value in totals.values():
        result = result + value
    return result
