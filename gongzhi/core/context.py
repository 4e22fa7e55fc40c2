"""The current request's address (and API token, if one is used), for audit entries written
deep inside services."""

from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)
# How the API names the token a request is made with; audit entries name it after the account.
current_token: ContextVar[str | None] = ContextVar("current_token", default=None)


def client_ip(request) -> str | None:
    """The client address; behind a proxy, the last hop the proxy appended."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None
