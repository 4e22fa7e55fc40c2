"""The daily audit digest: unusual bursts of the last 24 hours, sent once a day to the program
office's inbox and e-mail (nothing is sent on a quiet day)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.accounts.models import User
from gongzhi.core.audit_digest import digest_text, find_bursts
from gongzhi.core.roles import Role
from gongzhi.progress.notify import deliver


def office_users():
    return User.objects.filter(is_active=True, grants__role=Role.PROGRAM_OFFICE).distinct()


def send_audit_digest(now=None) -> int:
    """How many people the digest went to (0 if there was nothing unusual or it was sent)."""
    now = now or timezone.now()
    bursts = find_bursts(now)
    if not bursts:
        return 0
    day = timezone.localdate(now)
    return deliver(
        office_users(),
        key=f"audit-digest:{day:%Y-%m-%d}",
        title=_("审计提醒：过去 24 小时有 %(n)d 项异常操作") % {"n": len(bursts)},
        body=digest_text(bursts),
        url=reverse("core:audit-list"),
    )


@task()
def audit_digest() -> int:
    """Daily: the program office hears of unusual bursts in the audit log."""
    return send_audit_digest()
