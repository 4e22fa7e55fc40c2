"""Reading a nested document while collecting every problem with its place."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

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
            self.fail(where, "must be an object")
            return
        for key in node:
            if key not in keys:
                self.fail(f"{where}.{key}", "is not a known key")

    def field(self, node, key, where, kind=str, required=True, default=None):
        if not isinstance(node, dict):
            self.fail(where, "must be an object")
            return default
        value = node.get(key)
        if value in (None, ""):
            if required:
                self.fail(f"{where}.{key}", "is required")
            return default
        here = f"{where}.{key}"
        if kind is datetime.date:
            return self.date(value, here)
        if kind is Decimal:
            return self.decimal(value, here)
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            self.fail(here, f"must be a whole number, not {value!r}")
            return default
        if kind in (list, dict) and not isinstance(value, kind):
            self.fail(here, "must be a list" if kind is list else "must be an object")
            return default
        if kind is str and not isinstance(value, str):
            self.fail(here, f"must be text, not {value!r}")
            return default
        return value

    def text(self, value, where) -> bool:
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"must be text, not {value!r}")
            return False
        return True

    def date(self, value, where):
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, f"{value!r} is not a date (YYYY-MM-DD)")
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
            self.fail(where, f"{value!r} is not a number")
            return None
        return number

    def one_of(self, value, allowed, where, declared_in=""):
        """`value` (when given) must be among `allowed`; say where the list is declared."""
        if value is None or value in allowed:
            return
        if not allowed and declared_in:
            self.fail(where, f"'{value}' is used but the document declares no {declared_in}")
        else:
            self.fail(where, f"'{value}' must be one of {', '.join(map(str, allowed))}")

    def unique(self, values, where, key=""):
        seen = set()
        for index, value in enumerate(values):
            if value is not None and value in seen:
                place = f"{where}[{index}].{key}" if key else f"{where}[{index}]"
                self.fail(place, f"{value} appears twice")
            seen.add(value)
