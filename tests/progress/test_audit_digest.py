"""The daily audit digest: accounts and addresses above a threshold in the last 24 hours, sent
once a day to the program office's inbox and e-mail."""

import datetime

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audit_digest import find_bursts
from gongzhi.core.context import current_ip
from gongzhi.progress.audit_digest import send_audit_digest
from gongzhi.progress.models import Notification


def _entries(n, *, action, actor=None, label="", ip="10.0.0.9"):
    token = current_ip.set(ip)
    try:
        for _ in range(n):
            audit_record(actor=actor, action=action, actor_label=label, message="x")
    finally:
        current_ip.reset(token)


def _bursts(now=None):
    return {(b.action, b.by, b.who, b.count) for b in find_bursts(now)}


def test_bursts_are_found_per_account_and_per_address(settings, db, street_user):
    settings.GZ_AUDIT_BURSTS = {"access_denied": 3, "export": 3, "reveal": 2, "login_failed": 3}
    _entries(3, action=Action.ACCESS_DENIED, actor=street_user, ip="10.0.0.1")
    _entries(2, action=Action.EXPORT, actor=street_user, ip="10.0.0.2")  # below its threshold
    _entries(2, action="reveal", actor=street_user, ip="10.0.0.3")
    _entries(2, action=Action.LOGIN_FAILED, label="admin", ip="10.0.0.4")
    _entries(1, action=Action.LOGIN_FAILED, label="root", ip="10.0.0.4")
    assert _bursts() == {
        ("access_denied", "account", street_user.username, 3),
        ("access_denied", "address", "10.0.0.1", 3),
        ("reveal", "account", street_user.username, 2),
        ("reveal", "address", "10.0.0.3", 2),
        ("login_failed", "address", "10.0.0.4", 3),  # many names from one address
    }


def test_only_the_last_24_hours_count(settings, db, street_user):
    settings.GZ_AUDIT_BURSTS = {"access_denied": 2}
    _entries(2, action=Action.ACCESS_DENIED, actor=street_user)
    assert _bursts(timezone.now() + datetime.timedelta(hours=25)) == set()
    assert _bursts(timezone.now() - datetime.timedelta(hours=1)) == set()


def test_the_digest_goes_to_the_office_once_a_day(settings, db, users, office, street_user):
    settings.GZ_AUDIT_BURSTS = {"export": 2}
    office.email = "office@example.cn"
    office.save()
    assert send_audit_digest() == 0  # a quiet day sends nothing
    _entries(2, action=Action.EXPORT, actor=street_user)
    assert send_audit_digest() == 1
    note = Notification.objects.get()
    assert note.user == office
    assert note.title == "审计提醒：过去 24 小时有 2 项异常操作"
    assert f"账号 {street_user.username}：导出 2 次" in note.body
    assert len(mail.outbox) == 1 and "审计提醒" in mail.outbox[0].subject
    _entries(5, action=Action.EXPORT, actor=street_user)
    call_command("audit_digest", "--now")
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1
