"""The second factor (TOTP, django-otp): who must use it, enrolment, codes, recovery codes, and
the office's reset for a lost phone. Each write is one transaction with its audit entry."""

import math
import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from gongzhi.accounts.models import User
from gongzhi.accounts.selectors import primary_unit
from gongzhi.accounts.services import require_manages
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.roles import Role

REQUIRED_ROLES = frozenset({Role.PROGRAM_OFFICE, Role.FINANCE})
RECOVERY_CODE_COUNT = 10
CODE_PENDING_KEY = "gz_otp_pending"  # session: the password is right, the code is still owed
PHONE_DEVICE_NAME = "手机身份验证器"
RECOVERY_DEVICE_NAME = "恢复码"


def must_use_second_factor(user) -> bool:
    """The program office, finance and anyone with admin rights, while GZ_OTP_REQUIRED is on."""
    if not settings.GZ_OTP_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(access_for(user).roles & REQUIRED_ROLES)


def phone_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    return bool(getattr(user, "otp_device", None))


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


# --- enrolment ---


@dataclass(frozen=True)
class Provisioning:
    """What the enrolment page shows for a new secret: the QR code and the key to type."""

    url: str
    qr_data_uri: str
    manual_key: str


def new_secret() -> str:
    return default_key()


def provisioning(user, key: str) -> Provisioning:
    url = TOTPDevice(user=user, key=key, name=PHONE_DEVICE_NAME).config_url
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2)
    plain = b32encode(unhexlify(key)).decode()
    return Provisioning(url, qr, " ".join(plain[i : i + 4] for i in range(0, len(plain), 4)))


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).lower()


def _totp_step(key: str, code: str) -> int | None:
    """The time step a code for `key` belongs to (now, or one step either side), or None."""
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    return totp.t() if totp.verify(int(code), tolerance=1) else None


def _new_recovery_codes(device: StaticDevice) -> list[str]:
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _audit(actor, user, message: str, action=Action.UPDATE) -> None:
    audit_record(actor=actor, action=action, obj=user, unit=primary_unit(user), message=message)


def enrol(*, user: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the phone holding `key` with a code from it; returns the device and the recovery
    codes (shown once)."""
    step = _totp_step(key, normalise_code(code))
    if step is None:
        raise ValidationError({"otp_token": _("动态口令不正确，请核对手机上当前显示的 6 位数字。")})
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
            raise ValidationError(_("您已启用两步验证。"))
        device = TOTPDevice.objects.create(
            user=user, name=PHONE_DEVICE_NAME, key=key, confirmed=True, last_t=step
        )
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
        codes = _new_recovery_codes(recovery)
        _audit(user, user, _("启用两步验证"))
    return device, codes


# --- codes ---


@dataclass(frozen=True)
class CodeCheck:
    device: object | None  # the device that accepted the code
    wait_seconds: int = 0  # > 0: too many recent failures, try again after this long


def check_code(user, code: str, *, recovery=True) -> CodeCheck:
    """A 6-digit code is checked against the phone, anything else against the recovery codes
    (each works once) when `recovery` allows them. Failures slow further tries down
    (django-otp's throttling: 1, 2, 4 … seconds)."""
    code = normalise_code(code)
    is_phone_code = code.isdigit() and len(code) == 6
    if not code or not (is_phone_code or recovery):
        return CodeCheck(None)
    model = TOTPDevice if is_phone_code else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return CodeCheck(None)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            until = (info or {}).get("locked_until")
            wait = math.ceil((until - timezone.now()).total_seconds()) if until else 1
            return CodeCheck(None, wait_seconds=max(wait, 1))
        return CodeCheck(device if device.verify_token(code) else None)


def audit_verified(user, device) -> None:
    if isinstance(device, StaticDevice):
        message = _("使用恢复码登录（剩余 %(n)d 个）") % {"n": device.token_set.count()}
    else:
        message = _("动态口令验证通过")
    _audit(user, user, message, action=Action.LOGIN)


def _require_phone_code(user, code: str, what: str) -> TOTPDevice:
    device = phone_device(user)
    if device is None:
        raise ValidationError(_("您尚未启用两步验证。"))
    if check_code(user, code, recovery=False).device is None:
        _audit(user, user, _("%(what)s：动态口令错误") % {"what": what}, Action.ACCESS_DENIED)
        raise ValidationError({"otp_token": _("动态口令不正确或尝试过于频繁，请稍候再试。")})
    return device


def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), confirmed with a fresh phone code."""
    _require_phone_code(user, code, _("重新生成恢复码"))
    with transaction.atomic():
        recovery, _created = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME}
        )
        codes = _new_recovery_codes(recovery)
        _audit(user, user, _("重新生成恢复码"))
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def disable(*, user: User, code: str) -> None:
    """Turn the second factor off: only for users who need not have it."""
    if must_use_second_factor(user):
        raise ValidationError(_("您的角色必须使用两步验证，不能关闭。"))
    _require_phone_code(user, code, _("关闭两步验证"))
    with transaction.atomic():
        _remove_devices(user)
        _audit(user, user, _("关闭两步验证"))


def reset_by_office(*, actor, user: User) -> None:
    """For a lost phone: remove the user's phone and recovery codes; they enrol again at their
    next sign-in (at once, if they must use a second factor)."""
    require_manages(actor, user)
    if actor == user:
        raise ValidationError(_("不能重置自己的两步验证，请在“两步验证”页面操作。"))
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user).exists():
            raise ValidationError(_("该用户未启用两步验证。"))
        _remove_devices(user)
        _audit(actor, user, _("重置两步验证（手机遗失）"))
