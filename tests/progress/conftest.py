"""The Guanghan units and program, loaded the way `make demo` loads them."""

from io import StringIO

import pytest
from django.core.management import call_command

from gongzhi.accounts.models import User
from gongzhi.programs.models import Program, Task


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return Program.objects.unscoped().get(code="guanghan-2024")


@pytest.fixture
def demo_users(demo):
    return {user.username: user for user in User.objects.all()}


@pytest.fixture
def item4(demo):
    """西城社区 work item 4: 召开4期供需对接会."""
    return Task.objects.unscoped().get(pilot__community__name="西城社区", number=4)


@pytest.fixture(autouse=True)
def _follow_up_runs_at_once(monkeypatch):
    """Tests run inside one transaction that never commits; run on_commit follow-ups at once."""
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def in_spring_2024():
    """While the Guanghan 2024 program runs (its tasks are not yet due)."""
    import datetime

    import time_machine

    moment = datetime.datetime(2024, 4, 15, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=True):
        yield moment
