"""Personal API tokens: hashed at rest, shown once, scoped per module, expiring, revocable,
every use audited by name, throttled per token."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongzhi.api.models import ApiToken
from gongzhi.core.models import AuditEntry
from tests.api.conftest import token_client, token_for


def test_only_the_digest_is_stored(community_user):
    token, key = token_for(community_user, {"orgs": "read"})
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in {stored.key_digest, stored.prefix} and len(stored.key_digest) == 64
    assert key.startswith(f"gz_{stored.prefix}_")
    created = AuditEntry.objects.get(action="create", object_type="api.apitoken")
    assert stored.key_digest not in str(created.after) and key not in str(created.after)


def test_a_read_only_token_reads_but_never_writes(tree, community_user, program):
    _token, key = token_for(community_user, {"progress": "read", "orgs": "read"})
    client = token_client(key)
    assert client.get("/api/v1/reports/").status_code == 200
    response = client.post("/api/v1/reports/", {"task": 1, "unit": 1, "text": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["message"] == "该令牌没有此模块的相应权限。"


def test_a_token_reaches_only_the_modules_it_names(community_user):
    _token, key = token_for(community_user, {"orgs": "write"})
    client = token_client(key)
    assert client.get("/api/v1/units/").status_code == 200
    assert client.get("/api/v1/reports/").status_code == 403


@pytest.mark.parametrize("how", ["revoked", "expired", "wrong", "inactive user"])
def test_revoked_expired_or_wrong_tokens_are_refused(community_user, how):
    token, key = token_for(community_user, {"orgs": "read"}, days=1)
    if how == "revoked":
        token.revoked_at = timezone.now()
        token.save()
    elif how == "wrong":
        key = key[:-4] + "abcd"
    elif how == "inactive user":
        community_user.is_active = False
        community_user.save()
    later = timezone.now() + datetime.timedelta(days=2 if how == "expired" else 0)
    with time_machine.travel(later):
        response = token_client(key).get("/api/v1/units/")
    assert response.status_code == 401
    assert response.json() == {
        "code": "authentication_failed",
        "message": "令牌无效、已过期或已撤销。",
        "field": None,
    }


def test_every_use_is_audited_naming_the_token(community_user):
    _token, key = token_for(community_user, {"orgs": "read"}, name="好德行同步")
    token_client(key).get("/api/v1/units/")
    use = AuditEntry.objects.get(action="token_use")
    assert use.actor == community_user
    assert "好德行同步" in use.message and "/api/v1/units/" in use.message
    assert key not in use.message


def test_tokens_are_throttled_one_by_one(community_user, monkeypatch):
    from gongzhi.api.auth import PerTokenThrottle

    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api": "2/min"})
    cache.clear()
    try:
        first = token_client(token_for(community_user, {"orgs": "read"}, name="a")[1])
        second = token_client(token_for(community_user, {"orgs": "read"}, name="b")[1])
        assert [first.get("/api/v1/units/").status_code for _ in range(3)] == [200, 200, 429]
        assert first.get("/api/v1/units/").json()["code"] == "throttled"
        assert second.get("/api/v1/units/").status_code == 200
    finally:
        cache.clear()


def test_the_page_shows_a_new_key_once_and_revokes(client, community_user):
    client.force_login(community_user)
    url = reverse("api:token-list")
    response = client.post(url, {"name": "数据同步", "days": 30, "scope_progress": "write"})
    key = response.context["new_key"]
    token = ApiToken.objects.get(user=community_user)
    assert token.scopes == {"progress": "write"} and key.startswith("gz_")
    assert key in response.content.decode()
    assert key not in client.get(url).content.decode()
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_client(key).get("/api/v1/reports/").status_code == 401


def test_the_page_refuses_a_token_without_any_scope(client, community_user):
    client.force_login(community_user)
    response = client.post(reverse("api:token-list"), {"name": "空", "days": 30})
    assert "请至少选择一个模块的权限。" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_users_token(client, community_user, street_user):
    token, _key = token_for(street_user, {"orgs": "read"})
    client.force_login(community_user)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
