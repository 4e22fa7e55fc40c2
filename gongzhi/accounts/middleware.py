"""Log a user out after IDLE_LOGOUT_SECONDS without a request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
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
