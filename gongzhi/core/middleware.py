"""Request-wide plumbing: the client address for audit entries, and auditing refused access."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.context import client_ip, current_ip, current_token
from gongzhi.core.permissions import OutOfScope


class AuditRefusalMiddleware:
    """Keeps the client address at hand for services and audits every refused access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address, token = current_ip.set(client_ip(request)), current_token.set(None)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(address)
            current_token.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied | OutOfScope):
            audit_record(
                actor=request.user,
                action=Action.ACCESS_DENIED,
                message=f"{request.method} {request.get_full_path()}"[:300],
            )
        return None


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the user chose another language (`?lang=en` on any page, kept
    in the language cookie, or the cookie set by i18n/setlang/); the browser's Accept-Language
    is ignored, since the offices' machines often come with English systems."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        asked = request.GET.get("lang", "")
        chosen = asked or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if asked in supported:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                asked,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


class PermissionsPolicyMiddleware:
    """Sends the Permissions-Policy header (settings.GZ_PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "GZ_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
