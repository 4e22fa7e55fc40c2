"""Reading a nested document while collecting every problem with its place."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.validators import date_in_range


class DocumentError(ValueError):
    """The document cannot be imported; `errors` lists each problem with its place."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class Reader:
    """Typed access to a document's nodes; `errors` collects "place: problem" lines."""

    def __init__(self):
        self.errors: list[str] = []

    def fail(self, where: str, message: str):
        self.errors.append(f"{where}: {message}")

    def known(self, node, keys, where):
        """Every key of `node` must be one of `keys`: nothing is dropped without a word."""
        if not isinstance(node, dict):
            self.fail(where, _("应为一组键和值（JSON 对象）"))
            return
        for key in node:
            if key not in keys:
                self.fail(f"{where}.{key}", _("不是可用的键，请检查拼写"))

    def field(self, node, key, where, kind=str, required=True, default=None):
        if not isinstance(node, dict):
            self.fail(where, _("应为一组键和值（JSON 对象）"))
            return default
        value = node.get(key)
        if value in (None, ""):
            if required:
                self.fail(f"{where}.{key}", _("必须填写"))
            return default
        here = f"{where}.{key}"
        if kind is datetime.date:
            return self.date(value, here)
        if kind is Decimal:
            return self.decimal(value, here)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(here, _("应为整数，而不是“%(value)s”") % {"value": value})
            return default
        if kind in (list, dict) and not isinstance(value, kind):
            self.fail(here, _("应为列表") if kind is list else _("应为一组键和值（JSON 对象）"))
            return default
        if kind is str and not isinstance(value, str):
            self.fail(here, _("应为文字，而不是“%(value)s”") % {"value": value})
            return default
        return value

    def text(self, value, where) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, _("应为文字，而不是“%(value)s”") % {"value": value})
            return False
        return True

    def date(self, value, where):
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, _("“%(value)s”不是日期（应写作 YYYY-MM-DD）") % {"value": value})
            return None
        return self.bounded(day, date_in_range, where)

    def bounded(self, value, validator, where):
        """The same bounds the models keep (gongzhi.core.validators), checked while reading."""
        if value is None:
            return None
        try:
            validator(value)
        except ValidationError as error:
            self.fail(where, " ".join(error.messages))
            return None
        return value

    def decimal(self, value, where):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = None
        if isinstance(value, bool) or number is None or not number.is_finite():
            self.fail(where, _("“%(value)s”不是数字") % {"value": value})
            return None
        return number

    def one_of(self, value, allowed, where, declared_in=""):
        """`value` (when given) must be among `allowed`; say where the list is declared."""
        if value is None or value in allowed:
            return
        if not allowed and declared_in:
            message = _("用了“%(value)s”，但文件没有声明 %(list)s")
            self.fail(where, message % {"value": value, "list": declared_in})
        else:
            message = _("“%(value)s”不是可选的值（可选：%(allowed)s）")
            self.fail(where, message % {"value": value, "allowed": "、".join(map(str, allowed))})

    def unique(self, values, where, key=""):
        seen = set()
        for index, value in enumerate(values):
            if value is not None and value in seen:
                place = f"{where}[{index}].{key}" if key else f"{where}[{index}]"
                self.fail(place, _("“%(value)s”重复出现") % {"value": value})
            seen.add(value)
