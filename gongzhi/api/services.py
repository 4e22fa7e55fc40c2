"""Creating and revoking API tokens; each step audited (the secret never is)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.api.models import Access, ApiToken, digest
from gongzhi.core.audit import Action, audit_record, snapshot

MAX_DAYS = 365


def token_create(*, actor, name: str, scopes: dict, days: int) -> tuple[ApiToken, str]:
    """A new token of `actor`'s own; returns it with its key, which is shown this once."""
    from gongzhi.api.registry import module_names

    name = name.strip()
    if not name:
        raise ValidationError({"name": _("请填写令牌名称。")})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": _("有效期应为 1 至 %(n)d 天。") % {"n": MAX_DAYS}})
    unknown = set(scopes) - set(module_names())
    if unknown or not set(scopes.values()) <= set(Access.values):
        raise ValidationError({"scopes": _("权限范围不正确。")})
    if not scopes:
        raise ValidationError({"scopes": _("请至少选择一个模块的权限。")})
    prefix, key = ApiToken.new_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=prefix,
            key_digest=digest(key),
            scopes=scopes,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(actor=actor, action=Action.CREATE, obj=token, after=_safe(token))
    return token, key


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied(_("只能撤销自己的令牌。"))
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            before = _safe(token)
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor, action=Action.UPDATE, obj=token, before=before, after=_safe(token)
            )
    return token


def _safe(token) -> dict:
    data = snapshot(token)
    data.pop("key_digest", None)
    return data
