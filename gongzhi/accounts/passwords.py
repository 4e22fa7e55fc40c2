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
