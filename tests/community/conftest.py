"""Fixtures of the registry tests."""

import pytest


@pytest.fixture
def office_client(client, demo, demo_users):
    client.force_login(demo_users["office"])
    return client
