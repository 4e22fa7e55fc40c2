"""Password rules beyond Django's: three character classes, and never the user name."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (
    ("lowercase", str.islower),
    ("uppercase", str.isupper),
    ("digit", str.isdigit),
    ("symbol", lambda ch: ch in string.punctuation or ch == " "),
)


class CharacterClassValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        used = sum(any(test(ch) for ch in password) for _name, test in _CLASSES)
        if used < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 类。") % {
            "n": self.min_classes
        }


class NotUsernameValidator:
    """The password may not be the user name, forwards or backwards, in any case."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if username and password.lower() in {username, username[::-1]}:
            raise ValidationError(self.get_help_text(), code="password_is_username")

    def get_help_text(self):
        return _("密码不能与用户名相同。")


# Favourites that Django's (English) list misses: pinyin phrases, keyboard runs, the product name.
FAVOURITES = frozenset(
    {
        "woaini",
        "woaini1314",
        "aini",
        "wodemima",
        "mima",
        "nihao",
        "zhongguo",
        "beijing",
        "shanghai",
        "sichuan",
        "chengdu",
        "guanghan",
        "qwerty",
        "qwertyuiop",
        "asdfgh",
        "zxcvbn",
        "qweasd",
        "abc",
        "abcd",
        "abcdef",
        "abc123",
        "admin",
        "administrator",
        "root",
        "test",
        "guest",
        "user",
        "password",
        "passw0rd",
        "p@ssw0rd",
        "gongzhi",
        "gongzuo",
        "shequ",
        "jiedao",
        "zhengfu",
        "welcome",
        "iloveyou",
        "letmein",
    }
)
_EDGES = string.digits + string.punctuation + " "


def password_core(password: str) -> str:
    """The password without digits and symbols at its ends, lower-cased: `Password123!` →
    `password`, `@Woaini520` → `woaini`."""
    return password.strip(_EDGES).lower()


class CommonPatternValidator:
    """Refuses a common word dressed up with digits and symbols at its ends (`Password123!`):
    the core is checked against Django's common-password list, a list of favourites (pinyin
    phrases, keyboard runs, the product name) and the user's own names and units."""

    def __init__(self):
        from django.contrib.auth.password_validation import CommonPasswordValidator

        self._common = CommonPasswordValidator().passwords

    def validate(self, password, user=None):
        core = password_core(password)
        if not core or core in self._common or core in FAVOURITES:
            raise ValidationError(self.get_help_text(), code="password_common_pattern")
        if core in _personal_words(user):
            raise ValidationError(self.get_help_text(), code="password_common_pattern")

    def get_help_text(self):
        return _("密码不能是常见密码、拼音短语、键盘序列或用户名、单位名加上数字符号。")


def _personal_words(user) -> set[str]:
    if user is None:
        return set()
    words = {getattr(user, "username", "") or "", getattr(user, "full_name", "") or ""}
    if getattr(user, "pk", None):
        for grant in user.grants.select_related("unit"):
            words.update({grant.unit.name, getattr(grant.unit, "code", "") or ""})
    return {password_core(word) for word in words if word} - {""}
