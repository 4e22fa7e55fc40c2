"""Personal API tokens for integrations: hashed at rest, expiring, revocable, scoped per module."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


class Access(models.TextChoices):
    READ = "read", _("只读")
    WRITE = "write", _("读写")


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A user's token: the key is shown once at creation; only its SHA-256 is stored. `scopes`
    maps an API module (e.g. "progress") to "read" or "write"; a module not named is refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    key_digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("权限范围"), default=dict)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"), editable=False)  # now + the days chosen
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, editable=False)

    objects = TokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def label(self) -> str:
        """How the audit log names the token (never its secret)."""
        return _("接口令牌“%(name)s”(%(prefix)s)") % {"name": self.name, "prefix": self.prefix}

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, module: str, *, write: bool) -> bool:
        granted = self.scopes.get(module)
        return granted == Access.WRITE or (granted == Access.READ and not write)

    @staticmethod
    def new_key() -> tuple[str, str]:
        """(prefix, full key): the key reads `gz_<prefix>_<secret>`."""
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        return prefix, f"gz_{prefix}_{secrets.token_urlsafe(32)}"
