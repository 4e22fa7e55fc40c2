"""Token authentication (`Authorization: Bearer gz_…`), its scope check and its throttle.
Every request made with a token writes one audit entry naming the token."""

from secrets import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, permissions, throttling

from gongzhi.api.models import ApiToken, digest
from gongzhi.core.audit import audit_token_use
from gongzhi.core.context import current_token


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        keyword, _space, key = header.partition(" ")
        if keyword.lower() not in ("bearer", "token") or not key.strip():
            return None
        token = self._token(key.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已撤销。"))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        current_token.set(token.label)
        audit_token_use(
            user=token.user,
            token_label=str(token.label),
            method=request.method,
            path=request.get_full_path(),
        )
        return token.user, token

    @staticmethod
    def _token(key: str) -> ApiToken | None:
        parts = key.split("_")
        if len(parts) < 3 or parts[0] != "gz":
            return None
        token = ApiToken.objects.usable().select_related("user").filter(prefix=parts[1]).first()
        if token is None or not compare_digest(token.key_digest, digest(key)):
            return None
        return token

    def authenticate_header(self, request):
        return self.keyword


class TokenScope(permissions.BasePermission):
    """A token reaches only the modules its scope names, and writes only where it says so."""

    message = _("该令牌没有此模块的相应权限。")

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        write = request.method not in permissions.SAFE_METHODS
        return token.allows(getattr(view, "module", ""), write=write)


class PerTokenThrottle(throttling.SimpleRateThrottle):
    """Requests per token (per user for the browser's session)."""

    scope = "api"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
