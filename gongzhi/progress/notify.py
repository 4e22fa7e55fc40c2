"""The in-app inbox and e-mail. Each message has a key, so sending twice sends nothing twice."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from gongzhi.accounts.models import User
from gongzhi.core.roles import Perm, roles_with
from gongzhi.progress.chain import current_reviewer
from gongzhi.progress.models import Notification


def deliver(users, *, key: str, title: str, body: str = "", url: str = "", task=None) -> int:
    """Put a message in each user's inbox (once per key) and e-mail those with an address."""
    sent = 0
    for user in users:
        _note, created = Notification.objects.get_or_create(
            user=user, key=key, defaults={"title": title, "body": body, "url": url, "task": task}
        )
        if not created:
            continue
        sent += 1
        if user.email:
            send_mail(
                _("[共治] %(title)s") % {"title": title},
                f"{body}\n\n{settings.GZ_SITE_URL.rstrip('/')}{url}",
                None,
                [user.email],
                fail_silently=True,
            )
    return sent


def seated_users(units, perm: Perm):
    """Active users holding `perm` through a grant at one of `units`."""
    return User.objects.filter(
        is_active=True, grants__unit__in=units, grants__role__in=roles_with(perm)
    ).distinct()


def _last_event_id(report) -> int:
    return report.events.order_by("-pk").values_list("pk", flat=True).first() or 0


def review_needed(report) -> int:
    reviewer = current_reviewer(report)
    if reviewer is None:
        return 0
    # not those who may not decide it: its author, or anyone seated at its own unit
    reviewers = (
        seated_users([reviewer], Perm.REVIEW_PROGRESS)
        .exclude(pk=report.author_id)
        .exclude(grants__unit=report.unit_id)
    )
    return deliver(
        reviewers,
        key=f"review:{report.pk}:{_last_event_id(report)}",
        title=_("待审核：%(unit)s · %(task)s")
        % {"unit": report.unit.name, "task": report.task.label},
        body=report.text[:200],
        url=report.get_absolute_url(),
        task=report.task,
    )


def report_approved(report) -> int:
    return deliver(
        [report.author],
        key=f"approved:{report.pk}",
        title=_("已通过：%(task)s") % {"task": report.task.label},
        url=report.get_absolute_url(),
        task=report.task,
    )


def report_returned(report, comment: str) -> int:
    return deliver(
        [report.author],
        key=f"returned:{report.pk}:{_last_event_id(report)}",
        title=_("被退回：%(task)s") % {"task": report.task.label},
        body=comment,
        url=report.get_absolute_url(),
        task=report.task,
    )
