"""Progress tests: on_commit follow-ups run at once; a clock inside the 2024 program."""

import pytest


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
