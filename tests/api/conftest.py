import pytest
from rest_framework.test import APIClient

from gongzhi.api import services


@pytest.fixture
def api():
    return APIClient()


def token_for(user, scopes, days=30, name="集成"):
    token, key = services.token_create(actor=user, name=name, scopes=scopes, days=days)
    return token, key


def token_client(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client
