"""市财政局's to-dos (我的待办): allocations not yet fully disbursed, one per project and
source. Registered with `core.work` by the app's ready()."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.roles import Perm
from gongzhi.core.work import WorkItem, WorkList, capped, register_work_source, seats
from gongzhi.funds.models import FundEntry
from gongzhi.funds.rules import yuan
from gongzhi.funds.selectors import awaiting_disbursement


def _to_disburse(user, access):
    if not seats(access, Perm.RECORD_DISBURSEMENTS):
        return None
    entries = FundEntry.objects.editable_by(user, Perm.RECORD_DISBURSEMENTS)
    return awaiting_disbursement(entries)


def to_disburse(user, access, today) -> WorkList:
    entries = _to_disburse(user, access)
    if entries is None:
        return WorkList()

    def entry(allocation):
        return WorkItem(
            title=f"{allocation.project.title} · {allocation.get_source_display()}",
            url=allocation.get_absolute_url(),
            detail=_("已分配 %(allocated)s 元，已拨付 %(disbursed)s 元")
            % {"allocated": yuan(allocation.allocated), "disbursed": yuan(allocation.disbursed)},
        )

    return capped(entries.select_related("project").order_by("date", "pk"), entry)


def register() -> None:
    register_work_source(
        "funds.to_disburse",
        gettext_lazy("待拨付的资金"),
        38,
        to_disburse,
        lambda user, access, today: _to_disburse(user, access),
    )
