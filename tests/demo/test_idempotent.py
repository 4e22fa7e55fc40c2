"""`load_demo` run twice: the second run writes nothing."""

from io import StringIO

from django.apps import apps
from django.core.management import call_command

from gongzhi.core.models import AuditEntry
from gongzhi.demo.history import DEMO_DAY
from gongzhi.progress.models import Notification


def all_rows() -> dict:
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr)
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def test_loading_twice_writes_nothing_the_second_time(transactional_db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    first, audit = all_rows(), AuditEntry.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert AuditEntry.objects.count() == audit
    assert all_rows() == first
    assert f"演示日：{DEMO_DAY:%Y-%m-%d}" in out.getvalue()
    # committed step by step, as in `make demo`: the inbox got each step's message, then
    notes = Notification.objects.all()
    assert notes.exists()
    assert {note.created_at.year for note in notes} == {2024}
