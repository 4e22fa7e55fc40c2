"""The demo history: written once, a program in flight on the demo day, with real files."""

import datetime
from collections import Counter
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

from gongzhi.accounts.models import User
from gongzhi.activities.models import ActivityPhoto, SignIn
from gongzhi.community.models import ChecklistPoint, VolunteerHours
from gongzhi.core.models import AuditEntry
from gongzhi.core.work import Urgency, work_for
from gongzhi.dashboards.cockpit import cockpit
from gongzhi.demo.history import DEMO_DAY, READ_AFTER
from gongzhi.programs.models import Program, Task
from gongzhi.progress.ledger import Status
from gongzhi.progress.models import Evidence, Notification, Report, ReviewEvent


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def all_rows() -> dict:
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr)
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


@dataclass
class Loaded:
    media: Path
    printed: str
    rows: dict  # every table's rows after the first run…
    audit: int
    rows_again: dict  # …and after the second
    audit_again: int


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory):
    """`load_demo` run twice for the module, committing step by step as in `make demo` (files in
    a folder of their own); the tables are emptied after the module."""
    media = tmp_path_factory.mktemp("demo-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        printed = load()
        rows, audit = all_rows(), AuditEntry.objects.count()
        load()
        yield Loaded(media, printed, rows, audit, all_rows(), AuditEntry.objects.count())
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def history(loaded, db, settings):
    settings.GZ_DEMO_TODAY = DEMO_DAY.isoformat()
    settings.MEDIA_ROOT = loaded.media
    return Program.objects.get(code="guanghan-2024")


def test_loading_twice_writes_nothing_the_second_time(loaded):
    assert loaded.audit_again == loaded.audit
    assert loaded.rows_again == loaded.rows
    assert f"演示日：{DEMO_DAY:%Y-%m-%d}" in loaded.printed


def test_messages_came_at_each_step_and_the_old_ones_were_read(history):
    notes = Notification.objects.all()
    assert notes.exists()
    assert {note.created_at.year for note in notes} == {2024}
    unread = notes.filter(read_at__isnull=True)
    assert unread.exists()
    assert all(note.created_at.date() >= DEMO_DAY - READ_AFTER for note in unread)


def titles(username: str) -> dict[str, list[tuple[str, str]]]:
    user = User.objects.get(username=username)
    return {
        group.name: [(item.title, item.urgency) for item in group.work.items]
        for group in work_for(user)
    }


def test_each_role_finds_the_work_waiting_for_it(history):
    community = titles("community")
    assert ("西城社区 第3项", Urgency.DUE_SOON) in community["progress.returned"]
    assert ("西城社区 第5项", Urgency.DUE_SOON) in community["progress.tasks"]
    assert len(community["community.hours"]) == 2  # logged by the street, for 西城 to confirm
    assert [t for t, _u in titles("street")["progress.review"]] == [
        "西城社区 第4项",
        "西湖社区 第2项",
    ]
    assert len(titles("street")["community.hours"]) == 2  # logged by 西城 at the street's event
    assert {t for t, _u in titles("office")["progress.review"]} == {
        "金山社区 第2项",
        "西湖社区 第3项",
        "市委组织部 · 任务6",
    }
    assert [t for t, _u in titles("leader")["progress.review"]] == ["市民政局 · 任务5"]
    assert len(titles("agency")["community.hours"]) == 2
    assert ("西湖社区 第4项", Urgency.OVERDUE) in titles("xihu")["progress.returned"]


def test_the_cockpit_shows_a_program_in_progress(history):
    figures = cockpit(history, Task.objects.all())
    counts = figures["status_counts"]
    assert counts[Status.DONE] > len(figures["tasks"]) / 2
    for status in (Status.PENDING, Status.IN_PROGRESS, Status.NOT_STARTED):
        assert counts[status] > 0
    assert 0 < counts[Status.OVERDUE] <= 5
    assert figures["due_soon"]


def test_history_happened_in_2024_along_the_review_chain(history):
    end = datetime.datetime.combine(DEMO_DAY, datetime.time(), tzinfo=datetime.UTC)
    events = ReviewEvent.objects.all()
    assert all(datetime.datetime(2024, 2, 1, tzinfo=datetime.UTC) < e.at < end for e in events)
    report_entries = AuditEntry.objects.filter(object_type="progress.report")
    assert {entry.at.year for entry in report_entries} == {2024}
    actions = Counter(events.values_list("action", flat=True))
    assert actions[ReviewEvent.Action.RETURN] >= 3
    states = Counter(Report.objects.values_list("state", flat=True))
    assert states[Report.State.APPROVED] and states[Report.State.PENDING]
    assert states[Report.State.RETURNED] == 2
    # a community's claim is approved by its street, then by the office
    claim = Report.objects.get(task__pilot__community__name="西城社区", task__number=2)
    deciders = [e.actor.username for e in claim.events.exclude(action="submit")]
    assert deciders == ["street", "office"]
    hours = VolunteerHours.objects.all()
    assert hours.filter(confirmed_at__isnull=False).exists()
    assert all(entry.confirmed_by_id != entry.logged_by_id for entry in hours.confirmed())
    assert SignIn.objects.count() > 100


def test_evidence_and_photos_are_small_valid_images(history):
    stored = [*Evidence.objects.all(), *ActivityPhoto.objects.all()]
    assert len(stored) > 30
    assert all(record.thumbnail for record in stored)
    assert Evidence.objects.filter(report__state=Report.State.APPROVED).exists()
    points = ChecklistPoint.objects.filter(program=history)
    assert points.exists() and not points.filter(is_done=False).exists()
    for file in [record.file for record in stored] + [point.evidence for point in points]:
        assert file.size < 40_000
        with Image.open(file.path) as image:
            image.verify()


def test_make_demo_views_the_demo_at_the_historys_day():
    makefile = (settings.BASE_DIR / "Makefile").read_text()
    assert f"GZ_DEMO_TODAY={DEMO_DAY:%Y-%m-%d}" in makefile


def test_residents_needs_and_the_survey_are_in_flight(history):
    from gongzhi.residents.models import Need
    from gongzhi.surveys.models import Survey
    from gongzhi.surveys.stats import survey_statistics

    community, street = titles("community"), titles("street")
    assert ("环境卫生 · 已受理", Urgency.OVERDUE) in community["residents.to_handle"]
    assert ("邻里纠纷 · 待受理", Urgency.DUE_SOON) in community["residents.to_handle"]
    assert street["residents.overdue_below"] == [("环境卫生 · 已受理", Urgency.OVERDUE)]
    rated = Need.objects.get(state=Need.State.RATED)
    assert rated.rating == 5 and rated.matches.get().activity.title == "第四期供需对接会"
    assert {event.at.year for event in rated.events.all()} == {2024}
    survey = Survey.objects.get()
    satisfied = survey_statistics(survey)[0]
    assert (satisfied.rate.positive, satisfied.rate.total) == (32, 40)


def test_self_governance_is_on_record(history):
    from gongzhi.orgs.models import Unit
    from gongzhi.programs import counters

    region = Unit.objects.get(name="广汉市")
    both = counters.get("selfgov.charter_and_convention").compute(history, [region], {})
    assert both[region.pk] == 2  # 西城 through 四议两公开, 金山 from a residents' meeting
    assert [t for t, _u in titles("xihu")["selfgov.matters"]] != []


def test_xicheng_s_money_adds_up_and_finance_has_disbursements_waiting(history):
    from decimal import Decimal

    from gongzhi.funds.selectors import project_totals
    from gongzhi.services.models import ServiceProject

    project = ServiceProject.objects.get(buyer__name="西城社区")
    province = project_totals([project.pk])[project.pk]["province"]
    assert (province.budget, province.allocated, province.disbursed, province.spent) == (
        Decimal("140000.00"),
        Decimal("140000.00"),
        Decimal("70000.00"),
        Decimal("51380.50"),
    )
    waiting = [t for t, _u in titles("finance")["funds.to_disburse"]]
    assert len(waiting) == 2  # the rest of the provincial part and all the street's


def test_the_third_party_supervises_xicheng(history):
    from gongzhi.supervision.models import Rectification, SupervisionReport

    items = Rectification.objects.order_by("due_on")
    assert [item.state for item in items] == ["closed", "open"]
    assert items[1].is_overdue(DEMO_DAY)  # due 2024-11-30, open on the demo day
    assert [t for t, u in titles("agency")["supervision.items_to_fix"]] != []
    report = SupervisionReport.objects.get()
    assert report.is_locked and str(report.score) == "86.50"


def test_xicheng_s_project_record_exports_to_word(history, client):
    import io
    from urllib.parse import unquote

    from django.urls import reverse
    from docx import Document

    from gongzhi.services.models import ServiceProject

    project = ServiceProject.objects.get(buyer__name="西城社区")
    client.force_login(User.objects.get(username="office"))
    response = client.get(reverse("dashboards:project-record", args=[project.pk]))
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "项目档案" in unquote(response["Content-Disposition"])
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert project.title in text and "GHMZ-2024-GMFW-003" in cells and "180,000.00" in cells
    assert {"个案服务", "受益人次", "省级补助", "街道资金"} <= cells
    assert "五、第三方督导与评估" in text and "86.50" in cells
    assert "督导现场：查阅个案记录.png" in text  # the June visit's photo, by name
    assert AuditEntry.objects.filter(action="export", object_id=str(project.pk)).exists()


def test_jinshan_service_items_export_validates_and_imports_back(history):
    """Issue 16's done-when: 金山's service items leave as a 好德行 file and come back unchanged."""
    from gongzhi.exchange.exports import exported
    from gongzhi.exchange.files import from_json, from_xlsx, to_json, to_xlsx
    from gongzhi.exchange.services import UPDATED, plan_import

    jinshan = User.objects.get(username="jinshan")
    records = exported(jinshan, ["service_items"])
    assert len(records["service_items"]) >= 5
    for encode, decode in ((to_json, from_json), (to_xlsx, from_xlsx)):
        plan = plan_import(actor=jinshan, parsed=decode(encode(records)))
        assert plan.errors == []
        assert [c.action for c in plan.changes] == ["unchanged"] * len(records["service_items"])
    records["service_items"][0]["status"] = "closed"
    plan = plan_import(actor=jinshan, parsed=from_json(to_json(records)))
    assert plan.counts["service_items"][UPDATED] == 1


def test_jinshan_s_map_shows_residents_per_grid_never_individuals(history):
    """The map's 居民 layer: the demo grids carry population figures, summed per grid."""
    from gongzhi.orgs.models import Unit
    from gongzhi.smart.map import map_data

    jinshan = User.objects.get(username="jinshan")
    community = Unit.objects.get(name="金山社区")
    data = map_data(jinshan, community, Unit.objects.visible_to(jinshan))
    grids = {child["name"]: child["residents"] for child in data["children"]}
    assert len(grids) == 4 and all(grids.values())
    assert sum(grids.values()) == 6260


def test_the_alarm_nobody_acknowledged_climbed_to_the_street_then_the_city(history):
    """On the demo day 金山's 冲顶 of 2024-12-17 waits at the city, escalated in 2024 (so the
    worker finds nothing left to move when the demo starts)."""
    from gongzhi.smart.models import Alarm
    from gongzhi.smart.services import escalate_alarms

    alarm = Alarm.objects.dangerously_unscoped(reason="a test").get(state=Alarm.State.NEW)
    assert (alarm.responsible.name, alarm.escalations) == ("广汉市", 2)
    moves = AuditEntry.objects.filter(object_id=str(alarm.pk), actor_label="system")
    assert [entry.at.year for entry in moves] == [2024, 2024]
    assert escalate_alarms() == 0
