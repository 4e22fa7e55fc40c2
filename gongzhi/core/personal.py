"""Personal data as a type: a phone or ID number read from the database is a PersonalValue,
which renders masked wherever it is printed (pages, exports, audit snapshots, messages) and
gives the clear value only to an explicit `.reveal()`."""

from django.utils.html import escape

from gongzhi.core.masking import mask


class PersonalValue:
    """A clear personal value of a kind ("phone", "id_number") that prints masked."""

    __slots__ = ("_clear", "kind", "_memo")

    def __init__(self, clear: str, kind: str):
        self._clear = clear or ""
        self.kind = kind
        self._memo = None

    def memo(self, key, compute):
        """`compute(self, key)`, worked out once per key and remembered (its blind index: the
        value is immutable, and assigning, validating and saving it all ask for it)."""
        if self._memo is None or self._memo[0] is not key:
            self._memo = (key, compute(self, key))
        return self._memo[1]

    def reveal(self) -> str:
        """The clear value: for encrypting, indexing, and the few callers entitled to it."""
        return self._clear

    def masked(self) -> str:
        return mask(self.kind, self._clear)

    def __str__(self):
        return self.masked()

    def __html__(self):
        return escape(self.masked())

    def __format__(self, spec):
        return format(self.masked(), spec)

    def __repr__(self):
        return f"<PersonalValue {self.kind} {self.masked()}>"

    def __bool__(self):
        return bool(self._clear)

    def __eq__(self, other):
        if isinstance(other, PersonalValue):
            return self._clear == other._clear
        return NotImplemented

    def __hash__(self):
        return hash(self._clear)

    def __reduce__(self):
        return (PersonalValue, (self._clear, self.kind))


def reveal(value) -> str:
    """The clear text of a PersonalValue or of plain text (e.g. a form's input)."""
    if isinstance(value, PersonalValue):
        return value.reveal()
    return "" if value is None else str(value)
