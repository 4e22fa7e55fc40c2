"""Password rules, lock-out after failed logins, idle logout, CSRF, deploy settings."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongzhi.accounts.middleware import LAST_SEEN_KEY
from gongzhi.accounts.models import User
from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Sh0rt!", "password_too_short"),
        ("alllowercase1", "password_too_simple"),
        ("ALLUPPER-CASE", "password_too_simple"),
        ("Wang.Jun2024", "password_is_username"),
        ("4202nuJ.gnaW", "password_is_username"),
    ],
)
def test_weak_passwords_are_refused(password, code):
    user = User(username="wang.jun2024")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert code in [e.code for e in error.value.error_list]


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",
        "!Qwerty2024",
        "Woaini@1314",
        "Abc123abc123#",
        "Admin-2024-!!",
        "Gongzhi.2025",
    ],
)
def test_common_words_dressed_up_with_digits_and_symbols_are_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password, User(username="xicheng"))
    assert "password_common_pattern" in [e.code for e in error.value.error_list]
    assert "常见密码" in str(error.value)


def test_the_users_own_names_and_unit_dressed_up_are_refused(street_user):
    for password in (f"{street_user.username.title()}-2024", "Zhangsan#2024"):
        with pytest.raises(ValidationError):
            street_user.full_name = "zhangsan"
            validate_password(password, street_user)
    unit = street_user.grants.get().unit
    unit.name = "Jinshan"
    unit.save()
    with pytest.raises(ValidationError):
        validate_password("2024#Jinshan", street_user)


def test_a_good_password_passes():
    validate_password("Jinshan-2024", User(username="xicheng"))


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_for_fifteen_minutes(client, street_user):
    for _ in range(4):
        assert _login(client, street_user.username, "wrong").status_code == 200
    locked = _login(client, street_user.username, "wrong")
    assert locked.status_code == 429
    assert "账号已锁定" in locked.content.decode()
    assert _login(client, street_user.username, PASSWORD).status_code == 429  # even the right one
    # the fifth failure locks, and the attempt while locked is refused and recorded too
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT).count() == 2
    with time_machine.travel(timedelta(minutes=16)):
        assert _login(Client(), street_user.username, PASSWORD).status_code == 302


def test_lockout_is_per_account_not_per_address(client, street_user, community_user):
    for _ in range(5):
        _login(client, street_user.username, "wrong")
    assert _login(client, community_user.username, PASSWORD).status_code == 302


def test_failures_from_another_address_do_not_lock_the_owner_out(street_user):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        _login(attacker, street_user.username, "wrong")
    assert _login(attacker, street_user.username, PASSWORD).status_code == 429
    owner = Client(REMOTE_ADDR="10.1.2.3")
    assert _login(owner, street_user.username, PASSWORD).status_code == 302


def test_an_address_failing_across_many_names_is_locked(settings, street_user):
    settings.GZ_LOGIN_ADDRESS_LIMIT = 8
    guesser = Client(REMOTE_ADDR="203.0.113.10")
    for n in range(8):
        _login(guesser, f"guess{n}", "wrong")
    assert _login(guesser, street_user.username, PASSWORD).status_code == 429
    # the same user elsewhere is not affected
    assert _login(Client(REMOTE_ADDR="10.1.2.4"), street_user.username, PASSWORD).status_code == 302


def test_the_address_limit_leaves_a_shared_address_room(street_user):
    office_nat = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(4):  # a few colleagues mistype their passwords
        for _ in range(4):
            _login(office_nat, f"colleague{n}", "wrong")
    assert _login(office_nat, street_user.username, PASSWORD).status_code == 302


def test_office_can_lift_a_lockout(client, street_user, office):
    for _ in range(5):
        _login(client, street_user.username, "wrong")
    admin = Client()
    admin.force_login(office)
    admin.post(reverse("accounts:user-unlock", args=[street_user.pk]))
    assert _login(Client(), street_user.username, PASSWORD).status_code == 302


def test_idle_for_thirty_minutes_logs_out(client, street_user):
    assert _login(client, street_user.username, PASSWORD).status_code == 302
    home = reverse("dashboards:home")
    with time_machine.travel(timedelta(minutes=29)):
        assert client.get(home).status_code == 200  # activity restarts the clock
    with time_machine.travel(timedelta(minutes=29 + 31)):
        response = client.get(home)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_idle_middleware_ends_a_stale_session_with_a_message(client, street_user):
    client.force_login(street_user)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.IDLE_LOGOUT_SECONDS - 5
    session.save()
    response = client.get(reverse("dashboards:home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "30 分钟未操作" in response.content.decode()
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor=street_user).exists()


def test_posts_without_csrf_token_are_refused(street_user):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": street_user.username, "password": PASSWORD}
    )
    assert response.status_code == 403


def test_deploy_check_with_production_settings_reports_nothing():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GZ_STATIC", "EMAIL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="gongzhi.settings",
        DEBUG="0",
        SECRET_KEY="k7#x" + "production-grade-secret-key-0123456789-abcdefghij",
        ALLOWED_HOSTS="gongzhi.example.cn",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_secure():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings as s; import django; django.setup(); "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
            "s.SECURE_SSL_REDIRECT, s.IDLE_LOGOUT_SECONDS)",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "31536000", "True", "1800"]


def _start_with_production_settings(**extra) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GZ_FIELD")}
    env.update(
        DJANGO_SETTINGS_MODULE="gongzhi.settings",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="gongzhi.example.cn",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_does_not_start_without_the_personal_data_key():
    result = _start_with_production_settings()
    assert result.returncode != 0
    assert "GZ_FIELD_KEY" in result.stderr


def test_a_personal_data_key_that_is_not_32_bytes_is_a_check_error():
    result = _start_with_production_settings(GZ_FIELD_KEY="c2hvcnQ=")  # "short"
    assert result.returncode != 0
    assert "gongzhi.E001" in result.stderr and "not 32" in result.stderr


def test_encryption_never_falls_back_to_the_secret_key_in_production(settings):
    from django.core.exceptions import ImproperlyConfigured

    from gongzhi.core import crypto

    settings.DEBUG, settings.GZ_FIELD_KEY = False, ""
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("13812345678")


def test_an_expired_password_must_be_changed_before_anything_else(client, settings, street_user):
    settings.GZ_PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=street_user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91)
    )
    assert _login(client, street_user.username, PASSWORD).status_code == 302
    change = reverse("accounts:password-change")
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 302 and response.url == change
    response = client.get(change)
    assert response.status_code == 200
    assert "请先修改密码" in response.content.decode()
    response = client.post(
        change,
        {
            "old_password": PASSWORD,
            "new_password1": "Lanting-Xu-8841",
            "new_password2": "Lanting-Xu-8841",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboards:home")).status_code == 200  # still signed in
    entry = AuditEntry.objects.get(object_id=str(street_user.pk), message="修改本人密码")
    assert entry.actor == street_user and entry.action == Action.UPDATE


def test_passwords_do_not_expire_when_the_setting_is_off(client, street_user):
    User.objects.filter(pk=street_user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=3650)
    )
    client.force_login(street_user)
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_a_password_reset_by_the_office_is_audited_and_restarts_the_clock(
    client, office, street_user
):
    User.objects.filter(pk=street_user.pk).update(password_changed_at=None)
    client.force_login(office)
    response = client.post(
        reverse("accounts:user-password", args=[street_user.pk]),
        {"password1": "Lanting-Xu-8841", "password2": "Lanting-Xu-8841"},
    )
    assert response.status_code == 302
    street_user.refresh_from_db()
    assert street_user.password_changed_at is not None
    entry = AuditEntry.objects.get(object_id=str(street_user.pk), message="重置密码")
    assert entry.actor == office
