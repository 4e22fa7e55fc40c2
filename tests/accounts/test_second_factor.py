"""The second factor: who must enrol, the 动态口令 step of the login, recovery codes, lock-out,
the office's reset, the admin."""

import re
import time
from binascii import unhexlify
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongzhi.accounts.admin_site import SecondFactorAdminSite
from gongzhi.accounts.second_factor import enrol, new_secret
from gongzhi.accounts.second_factor_views import NEW_KEY_SESSION_KEY
from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from tests.conftest import PASSWORD, make_user
from tests.url_walk import named_views

pytestmark = pytest.mark.django_db

required = override_settings(GZ_OTP_REQUIRED=True)
SETUP = reverse("accounts:otp-setup")
VERIFY = reverse("accounts:otp-verify")
HOME = reverse("dashboards:home")


def code_for(key: str) -> str:
    totp = TOTP(unhexlify(key))
    totp.time = time.time()
    return f"{totp.token():06d}"


def wrong_code_for(key: str) -> str:
    return f"{(int(code_for(key)) + 500_000) % 1_000_000:06d}"


def enrolled(user) -> tuple[str, list[str]]:
    """Give `user` a phone and recovery codes; returns the phone's key and the codes."""
    key = new_secret()
    _device, codes = enrol(user=user, key=key, code=code_for(key))
    return key, codes


def later(minutes=1, tick=True):
    """A new time step: a phone code is accepted once, and wrong codes slow the next try."""
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=tick)


def password_login(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, "the password step itself must pass"
    return response


def give_code(client, code, next_url=""):
    return client.post(VERIFY, {"otp_token": code, "next": next_url})


def messages_of(action):
    return list(AuditEntry.objects.filter(action=action).values_list("message", flat=True))


def pages_without_arguments():
    return sorted(
        reverse(name)
        for name, _view in named_views()
        if not name.startswith("admin:") and not _needs_arguments(name)
    )


def _needs_arguments(name):
    try:
        reverse(name)
    except Exception:
        return True
    return False


# --- who must enrol ---


@required
@pytest.mark.parametrize("who", ["office", "finance", "superuser"])
def test_required_users_reach_no_page_before_enrolling(client, users, who):
    if who == "superuser":
        user = make_user("root", Role.STREET, users[Role.STREET].grants.get().unit)
        user.is_superuser = user.is_staff = True
        user.save()
    else:
        user = users[Role.PROGRAM_OFFICE if who == "office" else Role.FINANCE]
    password_login(client, user)
    pages = [*pages_without_arguments(), reverse("admin:index"), f"/accounts/users/{user.pk}/"]
    assert len(pages) > 20
    for page in pages:
        if page in (SETUP, reverse("accounts:logout")):
            continue
        response = client.get(page)
        assert (response.status_code, response.url) == (302, SETUP), page
    setup = client.get(SETUP)
    assert setup.status_code == 200
    html = setup.content.decode()
    assert "扫描二维码" in html and "手动输入密钥" in html and "输入 6 位动态口令确认" in html
    assert 'src="data:image/svg+xml' in html
    assert "暂不启用" not in html  # no way around it
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(HOME).status_code == 302  # logged out: to the login page
    assert client.get(HOME).url.startswith(reverse("accounts:login"))


@required
def test_optional_users_are_unaffected(client, street_user, community_user):
    password_login(client, street_user)
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("programs:program-list")).status_code == 200
    setup = client.get(SETUP).content.decode()
    assert "暂不启用，返回首页" in setup
    assert not TOTPDevice.objects.exists()


def test_with_the_setting_off_nobody_must_enrol(client, office):
    password_login(client, office)
    assert client.get(HOME).status_code == 200


# --- enrolment ---


@required
def test_enrolment_confirms_the_phone_and_shows_ten_recovery_codes_once(client, office):
    password_login(client, office)
    page = client.get(SETUP).content.decode()
    key = client.session[NEW_KEY_SESSION_KEY]
    assert re.sub(r"\s", "", re.search(r'data-testid="otp-key">([^<]+)<', page)[1])
    refused = client.post(SETUP, {"otp_token": wrong_code_for(key)})
    assert refused.status_code == 200
    assert "动态口令不正确" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=office).exists()

    response = client.post(SETUP, {"otp_token": code_for(key)})
    assert response.url == reverse("accounts:otp-recovery-codes")
    shown = client.get(response.url).content.decode()
    codes = re.findall(r'<span class="border rounded[^"]*">(\w+)</span>', shown)
    assert len(set(codes)) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    again = client.get(response.url).content.decode()
    assert not any(code in again for code in codes)
    assert "只在生成时显示一次" in again
    assert client.get(HOME).status_code == 200  # this session has given its code
    assert messages_of(Action.UPDATE) == ["启用两步验证"]


def test_a_second_enrolment_is_refused(office):
    enrolled(office)
    key = new_secret()
    with pytest.raises(Exception, match="已启用"):
        enrol(user=office, key=key, code=code_for(key))
    assert TOTPDevice.objects.filter(user=office).count() == 1


# --- the code step ---


@required
def test_the_office_cannot_log_in_without_a_valid_code(client, office):
    key, _codes = enrolled(office)
    with later():
        password_login(client, office)
        programs = reverse("programs:program-list")
        response = client.get(programs)
        assert response.status_code == 302
        assert response.url == f"{VERIFY}?next={programs.replace('/', '%2F')}"
        assert client.get(reverse("accounts:password-change")).url.startswith(VERIFY)
        refused = give_code(client, wrong_code_for(key), programs)
        assert refused.status_code == 200
        assert "动态口令或恢复码不正确" in refused.content.decode()
        assert client.get(HOME).status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert (entry.actor_label, entry.message) == (office.username, "动态口令错误")
    with later(2):
        response = give_code(client, code_for(key), programs)
        assert response.url == programs
        assert client.get(programs).status_code == 200
    assert "动态口令验证通过" in messages_of(Action.LOGIN)
    assert "密码正确，待验证动态口令" in messages_of(Action.LOGIN)


def test_an_optional_user_with_a_phone_gives_the_code_too(client, street_user):
    key, _codes = enrolled(street_user)
    with later():
        password_login(client, street_user)
        assert client.get(HOME).url.startswith(VERIFY)
        assert give_code(client, code_for(key)).url == HOME
        assert client.get(HOME).status_code == 200


def test_a_code_is_accepted_once(street_user):
    key, _codes = enrolled(street_user)
    with later():
        code = code_for(key)
        first, second = Client(), Client()
        password_login(first, street_user)
        password_login(second, street_user)
        assert give_code(first, code).status_code == 302
        assert give_code(second, code).status_code == 200  # replayed


def test_a_next_address_elsewhere_is_not_followed(client, street_user):
    key, _codes = enrolled(street_user)
    with later():
        password_login(client, street_user)
        assert give_code(client, code_for(key), "https://evil.example/").url == HOME


def test_a_recovery_code_works_once(client, street_user):
    key, codes = enrolled(street_user)
    password_login(client, street_user)
    response = give_code(client, codes[0].upper()[:4] + " " + codes[0][4:])
    assert response.url == HOME
    assert client.get(HOME).status_code == 200
    assert "使用恢复码登录（剩余 9 个）" in messages_of(Action.LOGIN)
    client.post(reverse("accounts:logout"))
    with later():
        password_login(client, street_user)
        assert give_code(client, codes[0]).status_code == 200
        assert client.get(HOME).status_code == 302
    assert StaticToken.objects.count() == 9


def test_five_wrong_codes_lock_the_account_and_a_new_password_login_does_not_reset_them(
    client, street_user
):
    key, _codes = enrolled(street_user)
    password_login(client, street_user)
    for _ in range(3):
        assert give_code(client, wrong_code_for(key)).status_code == 200
    client.post(reverse("accounts:logout"))
    password_login(client, street_user)  # does not clear the failed codes
    assert give_code(client, wrong_code_for(key)).status_code == 200
    locked = give_code(client, wrong_code_for(key))
    assert locked.status_code == 429
    assert "账号已锁定" in locked.content.decode()
    assert client.get(HOME).url.startswith(reverse("accounts:login"))  # logged out
    login = reverse("accounts:login")
    again = client.post(login, {"username": street_user.username, "password": PASSWORD})
    assert again.status_code == 429  # even the right password, at this address
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT).exists()
    assert len(messages_of(Action.LOGIN_FAILED)) >= 5


def test_a_whole_login_clears_earlier_failures(client, street_user):
    key, _codes = enrolled(street_user)
    with later():
        password_login(client, street_user)
        for _ in range(4):
            give_code(client, wrong_code_for(key))
    with later(5):
        assert give_code(client, code_for(key)).status_code == 302
        client.post(reverse("accounts:logout"))
    with later(6):
        password_login(client, street_user)
        assert give_code(client, wrong_code_for(key)).status_code == 200  # not the fifth failure


def test_quick_retries_are_slowed_down(client, street_user):
    key, _codes = enrolled(street_user)
    with later(tick=False):
        password_login(client, street_user)
        give_code(client, wrong_code_for(key))
        give_code(client, wrong_code_for(key))
        response = give_code(client, code_for(key))  # right, but too soon after two failures
        assert "尝试过于频繁" in response.content.decode()


# --- the settings page ---


def test_regenerating_recovery_codes_needs_a_fresh_phone_code(client, street_user):
    key, old_codes = enrolled(street_user)
    client.force_login(street_user)
    with later():
        give_code(client, code_for(key))
        url = reverse("accounts:otp-regenerate")
        refused = client.post(url, {"otp_token": old_codes[0]})  # a recovery code will not do
        assert refused.status_code == 200
        assert "动态口令不正确" in refused.content.decode()
    assert messages_of(Action.ACCESS_DENIED) == ["重新生成恢复码：动态口令错误"]
    with later(2):
        response = client.post(url, {"otp_token": code_for(key)})
    assert response.url == reverse("accounts:otp-recovery-codes")
    new_codes = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new_codes) == 10 and not new_codes & set(old_codes)
    shown = client.get(response.url).content.decode()
    assert all(code in shown for code in new_codes)


def test_optional_users_may_turn_it_off(client, street_user):
    key, _codes = enrolled(street_user)
    client.force_login(street_user)
    with later():
        give_code(client, code_for(key))
    with later(2):
        response = client.post(reverse("accounts:otp-disable"), {"otp_token": code_for(key)})
    assert response.url == SETUP
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    assert "关闭两步验证" in messages_of(Action.UPDATE)
    with later(3):
        client.post(reverse("accounts:logout"))
        password_login(client, street_user)
        assert client.get(HOME).status_code == 200


@required
def test_required_users_may_not_turn_it_off(client, office):
    key, _codes = enrolled(office)
    client.force_login(office)
    with later():
        give_code(client, code_for(key))
        page = client.get(SETUP).content.decode()
        assert "不能关闭" in page and reverse("accounts:otp-disable") not in page
    with later(2):
        refused = client.post(reverse("accounts:otp-disable"), {"otp_token": code_for(key)})
    assert "不能关闭" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=office).exists()


# --- the office's reset ---


@required
def test_the_office_resets_a_lost_phone(client, office, users):
    finance = users[Role.FINANCE]
    enrolled(finance)
    office_key, _codes = enrolled(office)
    client.force_login(office)
    with later():
        give_code(client, code_for(office_key))
        detail = client.get(reverse("accounts:user-detail", args=[finance.pk])).content.decode()
        assert "重置两步验证" in detail
        client.post(reverse("accounts:user-otp-reset", args=[finance.pk]))
        own = client.post(reverse("accounts:user-otp-reset", args=[office.pk]))
        assert own.status_code == 302
    assert not TOTPDevice.objects.filter(user=finance).exists()
    assert not StaticDevice.objects.filter(user=finance).exists()
    assert TOTPDevice.objects.filter(user=office).exists()  # not one's own, from here
    entry = AuditEntry.objects.get(message="重置两步验证（手机遗失）")
    assert (entry.actor, entry.object_id) == (office, str(finance.pk))
    finance_client = Client()
    password_login(finance_client, finance)
    assert finance_client.get(HOME).url == SETUP


def test_only_account_managers_reset(client, users):
    finance = users[Role.FINANCE]
    enrolled(finance)
    client.force_login(users[Role.STREET])
    response = client.post(reverse("accounts:user-otp-reset", args=[finance.pk]))
    assert response.status_code in (403, 404)
    assert TOTPDevice.objects.filter(user=finance).exists()


# --- the admin ---


@required
def test_the_admin_is_behind_the_second_factor(client, users):
    root = make_user("root", Role.STREET, users[Role.STREET].grants.get().unit)
    root.is_superuser = root.is_staff = True
    root.save()
    key, _codes = enrolled(root)
    with later():
        password_login(client, root)
        response = client.get(reverse("admin:index"))
        assert response.url.startswith(VERIFY)
        give_code(client, code_for(key))
        assert client.get(reverse("admin:index")).status_code == 200

    request = RequestFactory().get("/admin/")
    request.user = root
    root.otp_device = None
    site = SecondFactorAdminSite()
    assert not site.has_permission(request)  # the admin checks for itself, too
    root.otp_device = TOTPDevice.objects.get(user=root)
    assert site.has_permission(request)
