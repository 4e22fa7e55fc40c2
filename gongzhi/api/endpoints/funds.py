"""The money of purchased services: budget lines and the ledger (read-only)."""

from django.utils.translation import gettext_lazy as _

from gongzhi.api.registry import module
from gongzhi.api.views import read_only_endpoint
from gongzhi.core.roles import Perm
from gongzhi.funds.filters import LedgerFilter
from gongzhi.funds.models import BudgetLine, FundEntry

MODULE = module("funds", _("资金"))

read_only_endpoint(
    "fund-entries",
    FundEntry,
    module=MODULE,
    permission=Perm.VIEW_FUNDS,
    english="Fund ledger: allocations, disbursements, spending",
    filterset_class=LedgerFilter,
)
read_only_endpoint(
    "budget-lines",
    BudgetLine,
    module=MODULE,
    permission=Perm.VIEW_FUNDS,
    english="Budget lines of service projects",
)
