"""Unusual bursts in the audit log: in the last 24 hours, an account or an address with many
refusals, exports, reveals of personal data or failed logins (thresholds: GZ_AUDIT_BURSTS)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.models import AuditEntry

WINDOW = timedelta(hours=24)
REVEAL = "reveal"  # written by the personal-data reveal; matched by its name


def _kinds() -> dict[str, str]:
    return {
        AuditEntry.Action.ACCESS_DENIED: _("拒绝访问"),
        AuditEntry.Action.EXPORT: _("导出"),
        REVEAL: _("查看完整个人信息"),
        AuditEntry.Action.LOGIN_FAILED: _("登录失败"),
    }


@dataclass(frozen=True)
class Burst:
    action: str
    label: str
    by: str  # "account" or "address"
    who: str
    count: int

    def __str__(self):
        if self.by == "account":
            text = _("账号 %(who)s：%(label)s %(n)d 次")
        else:
            text = _("地址 %(who)s：%(label)s %(n)d 次")
        return text % {"who": self.who, "label": self.label, "n": self.count}


def find_bursts(now=None) -> list[Burst]:
    """Each account and each address above a threshold in the 24 hours before `now`."""
    now = now or timezone.now()
    recent = AuditEntry.objects.dangerously_unscoped(
        reason="the daily digest for the program office reads every unit's entries"
    ).filter(at__gte=now - WINDOW, at__lt=now)
    bursts = []
    for action, label in _kinds().items():
        threshold = settings.GZ_AUDIT_BURSTS.get(str(action))
        if not threshold:
            continue
        entries = recent.filter(action=action)
        for by, column in (("account", "actor_label"), ("address", "ip")):
            rows = (
                entries.exclude(**{f"{column}__isnull": True})
                .exclude(**({"actor_label": ""} if by == "account" else {}))
                .values(column)
                .annotate(n=Count("pk"))
                .filter(n__gte=threshold)
                .order_by("-n", column)
            )
            bursts += [Burst(str(action), label, by, row[column], row["n"]) for row in rows]
    return bursts


def digest_text(bursts: list[Burst]) -> str:
    return "\n".join(str(burst) for burst in bursts)
