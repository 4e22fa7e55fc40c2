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
