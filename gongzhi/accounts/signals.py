"""Security events into the audit log: logins, failed logins (passwords and second-factor
codes), lock-outs, logouts."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils.translation import gettext as _

from gongzhi.accounts.second_factor import CODE_PENDING_KEY, has_second_factor
from gongzhi.accounts.selectors import primary_unit
from gongzhi.core.audit import Action, audit_record


def _known_user(username):
    return get_user_model().objects.filter(username=username).first() if username else None


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    """A user with a phone enrolled still owes its code: the session says so until they give it."""
    owes_code = has_second_factor(user)
    if owes_code and request is not None and hasattr(request, "session"):
        request.session[CODE_PENDING_KEY] = True
    message = _("密码正确，待验证动态口令") if owes_code else ""
    audit_record(
        actor=user, action=Action.LOGIN, obj=user, unit=primary_unit(user), message=message
    )


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT, obj=user, unit=primary_unit(user))


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, second_factor=False, **kwargs):
    """`second_factor`: the password was right, the code was not (sent by the code step, so
    that axes counts it towards the lock-out too)."""
    username = (credentials or {}).get("username", "")
    user = _known_user(username)
    message = "" if user else _("未知账号")
    if second_factor:
        message = _("动态口令错误")
    audit_record(
        actor=None,
        actor_label=username,
        action=Action.LOGIN_FAILED,
        obj=user,
        unit=primary_unit(user),
        message=message,
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
