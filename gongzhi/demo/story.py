"""What the demo history's parts share: the demo accounts and units by name, and acting at a
moment of 2024 (the clock moved there, so every timestamp a service writes is that moment's)."""

import contextlib
import datetime
from functools import cached_property

import time_machine
from django.utils import timezone

from gongzhi.accounts.models import User
from gongzhi.orgs.loader import FixtureError
from gongzhi.orgs.models import Unit


def moment(text) -> datetime.datetime:
    """'2024-03-15 14:30' as an aware local time."""
    value = datetime.datetime.fromisoformat(str(text))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def day(text) -> datetime.date | None:
    if text is None or isinstance(text, datetime.date):
        return text
    return datetime.date.fromisoformat(str(text))


class Story:
    """Demo accounts and the region's units, looked up by the names the fixtures use."""

    def __init__(self, region: Unit):
        self.region = region

    @cached_property
    def _units(self) -> dict[str, Unit]:
        units = Unit.objects.filter(path__startswith=self.region.path)
        return {unit.name: unit for unit in units}

    @cached_property
    def _users(self) -> dict[str, User]:
        return {user.username: user for user in User.objects.all()}

    def unit(self, name: str) -> Unit:
        try:
            return self._units[name]
        except KeyError:
            raise FixtureError(f"unknown unit {name}") from None

    def user(self, username: str) -> User:
        try:
            return self._users[username]
        except KeyError:
            raise FixtureError(f"unknown demo account {username}") from None

    @staticmethod
    @contextlib.contextmanager
    def at(when: datetime.datetime):
        """Act at `when`: the clock stands still there while the block runs."""
        with time_machine.travel(when, tick=False):
            yield
