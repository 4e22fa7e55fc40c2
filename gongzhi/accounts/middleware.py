"""Log a user out after IDLE_LOGOUT_SECONDS without a request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "gz_last_seen"


class IdleLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > settings.IDLE_LOGOUT_SECONDS:
                logout(request)
                messages.info(request, _("您已超过 30 分钟未操作，已自动退出，请重新登录。"))
            elif (
                now - last_seen >= settings.IDLE_TOUCH_SECONDS
                or LAST_SEEN_KEY not in request.session
            ):
                request.session[LAST_SEEN_KEY] = now  # saving the session renews its expiry too
        return self.get_response(request)


class PasswordExpiryMiddleware:
    """A user whose password is older than GZ_PASSWORD_MAX_AGE_DAYS is sent to the
    password-change page from every page until they change it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.password_expired(settings.GZ_PASSWORD_MAX_AGE_DAYS)
            and request.path not in _exempt_paths()
            and not request.path.startswith(_exempt_prefixes())
        ):
            messages.warning(
                request,
                _("您的密码已超过 %(days)d 天未修改，请先修改密码。")
                % {"days": settings.GZ_PASSWORD_MAX_AGE_DAYS},
            )
            return redirect("accounts:password-change")
        return self.get_response(request)


def _exempt_paths() -> set[str]:
    return {reverse("accounts:password-change"), reverse("accounts:logout")}


def _exempt_prefixes() -> tuple[str, ...]:
    return ("/" + settings.STATIC_URL.lstrip("/"), "/i18n/")
