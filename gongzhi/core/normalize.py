"""What user input means, decided once: phones and ID numbers folded to ASCII and checked, names
without invisible characters. Model fields and validators call these, so forms, Excel imports
and the API all get the same answer."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Spacing people type inside numbers: spaces (any width) and dashes of any kind.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc\uff0d]")
MOBILE = re.compile(r"1\d{10}")
LANDLINE = re.compile(r"0\d{9,11}")  # area code with its 0, then 7–8 digits
ID_NUMBER = re.compile(r"\d{17}[\dX]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def fold(value) -> str:
    """The canonical text of a phone or ID number: NFKC (full-width digits become ASCII), no
    spaces or dashes, upper-case X. Anything else stays, for the validators to refuse."""
    text = str(value or "")
    if not text.isascii():  # ASCII text is its own NFKC form
        text = unicodedata.normalize("NFKC", text)
    return _SEPARATORS.sub("", text).upper()


def _only_ascii_digits(text: str, label, allowed_tail: str = "") -> None:
    """ASCII digits only (the last character may also be one of `allowed_tail`)."""
    body, tail = (text[:-1], text[-1:]) if allowed_tail else (text, "")
    digits = "0123456789"
    # an ASCII string is all digits exactly when each character is one of 0-9
    if (body and not (body.isascii() and body.isdigit())) or (
        tail and tail not in digits + allowed_tail
    ):
        raise ValidationError(_("%(field)s只能由数字组成。") % {"field": label}, code="not_digits")


def check_phone(value: str, *, label, landline: bool = False) -> None:
    """A mainland mobile number (11 digits starting with 1), or a landline where allowed."""
    text = fold(value)
    if not text:
        return
    _only_ascii_digits(text, label)
    if MOBILE.fullmatch(text) or (landline and LANDLINE.fullmatch(text)):
        return
    message = (
        _("%(field)s应为 11 位手机号码或带区号的固定电话。")
        if landline
        else _("%(field)s应为 11 位手机号码。")
    )
    raise ValidationError(message % {"field": label}, code="phone_format")


def id_check_character(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_id_number(value: str, *, label) -> None:
    """An 18-character resident ID number whose last character is its GB 11643 check."""
    text = fold(value)
    if not text:
        return
    _only_ascii_digits(text, label, allowed_tail="X")
    if not ID_NUMBER.fullmatch(text):
        raise ValidationError(_("%(field)s应为 18 位。") % {"field": label}, code="id_length")
    if id_check_character(text[:17]) != text[17]:
        raise ValidationError(
            _("%(field)s校验位不正确，请核对。") % {"field": label}, code="id_checksum"
        )


def _invisible(ch: str) -> bool:
    """Whitespace, control and format (zero-width) characters."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def strip_text(value) -> str:
    """Text without leading or trailing whitespace, zero-width or control characters."""
    text = str(value or "")
    start, end = 0, len(text)
    while start < end and _invisible(text[start]):
        start += 1
    while end > start and _invisible(text[end - 1]):
        end -= 1
    return text[start:end]


def has_visible_text(value) -> bool:
    return any(not _invisible(ch) for ch in str(value or ""))
