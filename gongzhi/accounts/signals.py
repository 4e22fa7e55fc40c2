"""Security events into the audit log: logins, failed logins, lock-outs, logouts."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from gongzhi.accounts.selectors import primary_unit
from gongzhi.core.audit import Action, audit_record


def _known_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    audit_record(actor=user, action=Action.LOGIN, obj=user, unit=primary_unit(user))


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT, obj=user, unit=primary_unit(user))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    user = _known_user(username)
    audit_record(
        actor=None,
        actor_label=username,
        action=Action.LOGIN_FAILED,
        obj=user,
        unit=primary_unit(user),
        message="" if user else _("未知账号"),
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    user = _known_user(username)
    audit_record(
        actor=None,
        actor_label=username or "",
        action=Action.LOCKED_OUT,
        obj=user,
        unit=primary_unit(user),
        message=_("连续登录失败，账号锁定 15 分钟"),
    )
