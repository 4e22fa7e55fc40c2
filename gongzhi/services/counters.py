"""Counters over the social workers' service log, for the ledger's targets: how many services
of a kind were given in a unit's communities in the program year, and to how many people."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from gongzhi.community.counters.common import listed, narrowed, reference_day, subtree_counter
from gongzhi.programs.counters import Arg
from gongzhi.services.models import ServiceLog

service_kinds = listed("service_kind")


def services_given(program, args):
    """Services (of the kind, if given) given in the program year, up to the day counted."""
    logs = ServiceLog.objects.filter(date__year=program.year, date__lte=reference_day(program))
    return narrowed(logs, args, kind="kind")


subtree_counter(
    "services.count",
    label=_("专业社工服务次数"),
    description=_(
        "服务社区在单位内、服务日期在项目年度内（且不晚于统计日）的社工服务记录条数，"
        "可按服务类型（个案、小组、社区活动……）限定；其他年度的记录不计入。"
    ),
    counted=services_given,
    path="community__path",
    args=(Arg("kind", _("服务类型"), service_kinds),),
)

subtree_counter(
    "services.beneficiaries",
    label=_("专业社工服务受益人次"),
    description=_(
        "服务社区在单位内、服务日期在项目年度内（且不晚于统计日）的社工服务记录的受益人次之和，"
        "可按服务类型限定。"
    ),
    counted=services_given,
    path="community__path",
    aggregate=Sum("beneficiaries"),
    args=(Arg("kind", _("服务类型"), service_kinds),),
)
