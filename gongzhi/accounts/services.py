"""Writes to users and their roles. Each checks permission, validates, writes in one transaction,
audits."""

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.accounts.selectors import primary_unit
from gongzhi.core.audit import Action, audit_record, snapshot
from gongzhi.core.permissions import require_perm
from gongzhi.core.roles import ROLE_SPECS, Perm, Role
from gongzhi.orgs.models import Unit


def require_manages(actor, user: User) -> list[Unit]:
    """Account administrators must reach every unit where the user holds a role."""
    units = [grant.unit for grant in user.grants.select_related("unit")]
    require_perm(actor, Perm.MANAGE_USERS, *units)
    return units


def _check_role_at_unit(role: str, unit: Unit) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("未知的角色。")})
    if unit.kind not in ROLE_SPECS[role].unit_kinds:
        raise ValidationError(
            {
                "unit": _("“%(role)s”角色不能设在“%(kind)s”类单位。")
                % {"role": Role(role).label, "kind": unit.get_kind_display()}
            }
        )


def _audit_account_event(actor, user: User, message: str) -> None:
    audit_record(
        actor=actor, action=Action.UPDATE, obj=user, unit=primary_unit(user), message=message
    )


def user_create(
    *, actor, username: str, full_name: str, email: str, password: str, role: str, unit: Unit
) -> User:
    """Create an account holding its first role."""
    require_perm(actor, Perm.MANAGE_USERS, unit)
    _check_role_at_unit(role, unit)
    user = User(username=username.strip(), full_name=full_name.strip(), email=email.strip())
    if User.objects.filter(username__iexact=user.username).exists():
        raise ValidationError({"username": _("该用户名已被使用。")})
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        RoleGrant.objects.create(user=user, role=role, unit=unit)
        audit_record(actor=actor, action=Action.CREATE, obj=user, unit=unit, after=snapshot(user))
    return user


def user_update(*, actor, user: User, full_name: str, email: str, is_active: bool) -> User:
    """Change a user's name, e-mail or whether the account may sign in."""
    require_manages(actor, user)
    if user == actor and not is_active:
        raise ValidationError({"is_active": _("不能停用自己的账号。")})
    with transaction.atomic():
        before = snapshot(user)
        user.full_name, user.email, user.is_active = full_name.strip(), email.strip(), is_active
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=user,
            unit=primary_unit(user),
            before=before,
            after=snapshot(user),
        )
    return user


def user_set_password(*, actor, user: User, password: str) -> User:
    """Set a new password for someone else's account (the owner uses the change-password page)."""
    require_manages(actor, user)
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password", "password_changed_at"])
        _audit_account_event(actor, user, _("重置密码"))
    return user


def user_change_own_password(*, user: User, password: str) -> User:
    """A user's new password of their own (the form has checked the old one and the rules)."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password", "password_changed_at"])
        _audit_account_event(user, user, _("修改本人密码"))
    return user


def user_unlock(*, actor, user: User) -> None:
    """Lift a lock-out caused by failed logins."""
    require_manages(actor, user)
    with transaction.atomic():
        axes_reset(username=user.username)
        _audit_account_event(actor, user, _("解除登录锁定"))


def grant_add(*, actor, user: User, role: str, unit: Unit) -> RoleGrant:
    """Give a user a role at a unit."""
    require_manages(actor, user)
    require_perm(actor, Perm.MANAGE_USERS, unit)
    _check_role_at_unit(role, unit)
    with transaction.atomic():
        grant, created = RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
        if not created:
            raise ValidationError({"role": _("该用户已在此单位拥有此角色。")})
        audit_record(actor=actor, action=Action.CREATE, obj=grant, after=snapshot(grant))
    return grant


def grant_remove(*, actor, grant: RoleGrant) -> None:
    """Take a role away; a user keeps at least one role (deactivate the account instead)."""
    require_manages(actor, grant.user)
    if grant.user == actor:
        raise ValidationError(_("不能移除自己的角色。"))
    with transaction.atomic():
        if RoleGrant.objects.select_for_update().filter(user=grant.user).count() <= 1:
            raise ValidationError(_("用户至少保留一个角色；如需停用请停用账号。"))
        before = snapshot(grant)
        audit_record(actor=actor, action=Action.DELETE, obj=grant, before=before)
        grant.delete()
