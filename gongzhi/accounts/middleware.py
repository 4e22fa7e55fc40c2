"""What a signed-in user must do before anything else: give their second-factor code, enrol a
phone, change an expired password; and the idle logout."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.accounts.second_factor import (
    CODE_PENDING_KEY,
    has_second_factor,
    is_verified,
    must_use_second_factor,
)

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


class SecondFactorMiddleware:
    """After the password: a user with a phone enrolled gives its code (the 动态口令 step) and a
    user who must use a second factor but has none enrols one; until then every page sends them
    there (logging out, static files and the language switch excepted). Needs django-otp's
    OTPMiddleware before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = second_factor_step(request)
        if step and request.path != reverse(step) and not _exempt(request.path):
            url = reverse(step)
            if step == "accounts:otp-verify" and request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)


def second_factor_step(request) -> str | None:
    """The page the user must go through first, if any."""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    if request.session.get(CODE_PENDING_KEY):
        return "accounts:otp-verify"
    if must_use_second_factor(user):
        return "accounts:otp-verify" if has_second_factor(user) else "accounts:otp-setup"
    return None


def _exempt(path: str) -> bool:
    return path == reverse("accounts:logout") or path.startswith(_exempt_prefixes())


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
