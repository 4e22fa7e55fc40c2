"""Users and the roles they hold, each at one unit."""

from datetime import timedelta

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.querysets import Scope, ScopedQuerySet
from gongzhi.core.roles import Role


class RoleGrantQuerySet(ScopedQuerySet):
    pass


class RoleGrant(models.Model):
    """A role held by a user at a unit; the role's reach starts from that unit."""

    user = models.ForeignKey(
        "accounts.User", verbose_name=_("用户"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        ordering = ["user", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.get_role_display()}"


class UserQuerySet(ScopedQuerySet):
    # A user belongs to the units they hold roles at.
    scope = Scope(owner="grants__unit__path")


class GongzhiUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. Residents need no account."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("姓名"), max_length=50)
    # set by set_password, never typed
    password_changed_at = models.DateTimeField(
        _("密码修改时间"), null=True, blank=True, editable=False
    )

    objects = GongzhiUserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self):
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_absolute_url(self):
        return reverse("accounts:user-detail", args=[self.pk])

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def password_expired(self, max_age_days: int) -> bool:
        """Whether the password is older than `max_age_days` (0: passwords never expire)."""
        if not max_age_days:
            return False
        changed = self.password_changed_at
        return changed is None or timezone.now() - changed > timedelta(days=max_age_days)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name or self.username
