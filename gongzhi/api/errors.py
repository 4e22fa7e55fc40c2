"""Every API error in one shape: {"code", "message", "field"}, the message in the user's
language (Chinese by default). Services' ValidationError and PermissionDenied answer 400 and
403 as the pages do; records outside the user's units answer 404."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.permissions import OutOfScope

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _from_django(exc):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("未找到，或不在您的权限范围内。"))
    return exc


def _first(detail, field=None):
    """The first message in a (nested) DRF detail, and the field it belongs to."""
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        inner = key if key != NON_FIELD else None
        return _first(value, f"{field}.{inner}" if field and inner else field or inner)
    if isinstance(detail, list):
        return _first(detail[0], field) if detail else ("", field)
    return detail, field


def handle(exc, context):
    _audit_refusal(exc, context)
    exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    message, field = _first(exc.detail)
    code = getattr(message, "code", None) or exc.default_code
    body = {"code": str(code), "message": str(message), "field": field}
    return Response(body, status=response.status_code, headers=_headers(response))


def _audit_refusal(exc, context):
    """Refused access is audited as on the pages (the middleware never sees DRF's)."""
    refused = (DjangoPermissionDenied, exceptions.PermissionDenied, OutOfScope)
    request = context.get("request")
    if isinstance(exc, refused) and request is not None:
        audit_record(
            actor=request.user,
            action=Action.ACCESS_DENIED,
            message=f"{request.method} {request.get_full_path()}"[:300],
        )


def _headers(response):
    return {
        name: value
        for name, value in response.items()
        if name in ("WWW-Authenticate", "Retry-After", "Allow")
    }


ERROR_STATUSES = (
    status.HTTP_400_BAD_REQUEST,
    status.HTTP_401_UNAUTHORIZED,
    status.HTTP_403_FORBIDDEN,
    status.HTTP_404_NOT_FOUND,
)
