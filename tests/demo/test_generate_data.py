"""The scale data generator: the tiny preset's rows pass the model rules, a second run adds
nothing, an interrupted run completes to the same rows, and a seed fixes the output."""

from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse

from gongzhi.accounts.models import RoleGrant, User
from gongzhi.activities.models import Activity, SignIn
from gongzhi.community.models import SocialOrganization, SocialWorker, Volunteer, VolunteerTeam
from gongzhi.core.crypto import blind_index
from gongzhi.core.kinds import UnitKind
from gongzhi.core.models import AuditEntry
from gongzhi.demo.management.commands import generate_data
from gongzhi.demo.scale import INDEPENDENT, generate, sizes_of
from gongzhi.demo.scale.jobs import deal, weight
from gongzhi.demo.scale.runner import Run
from gongzhi.demo.scale.users import logins
from gongzhi.demo.scale.writer import AS_IS, RowWriter
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Assignment, Phase, Pilot, Program, Target, Task
from gongzhi.progress.models import Report, ReviewEvent, ReviewStage
from gongzhi.residents.models import Need, NeedCategory, NeedTally

pytestmark = pytest.mark.django_db

TINY = sizes_of("tiny")
GENERATED = [
    Unit,
    User,
    RoleGrant,
    Program,
    Phase,
    Pilot,
    Task,
    Assignment,
    Target,
    Report,
    ReviewStage,
    ReviewEvent,
    SocialOrganization,
    VolunteerTeam,
    Volunteer,
    Volunteer.teams.through,
    SocialWorker,
    Activity,
    SignIn,
    NeedCategory,
    Need,
    AuditEntry,
]


class _Undo(Exception):
    pass


def quiet(line):
    pass


def counts() -> dict:
    return {model._meta.label: model._base_manager.count() for model in GENERATED}


def natural_keys() -> dict:
    """What identifies the generated rows, free of primary keys and clocks."""
    return {
        "units": sorted(Unit.objects.values_list("depth", "kind", "code", "name")),
        "users": sorted(User.objects.values_list("username", "grants__unit__code")),
        "reports": sorted(
            Report.objects.values_list("task__pilot__community__code", "task__number", "state")
        ),
        "needs": sorted(Need.objects.values_list("receipt_code", "grid__name", "state")),
        "activities": sorted(Activity.objects.values_list("signin_token", "title")),
        "volunteers": sorted(Volunteer.objects.values_list("unit__code", "phone_index")),
    }


def test_tiny_has_its_sizes_and_a_sound_tree():
    generate("tiny", out=quiet)

    kinds = {kind: Unit.objects.filter(kind=kind).count() for kind in UnitKind.values}
    assert kinds[UnitKind.PREFECTURE] == TINY.prefectures
    assert kinds[UnitKind.COUNTY] == TINY.counties
    assert kinds[UnitKind.STREET] + kinds[UnitKind.TOWN] == TINY.towns
    assert kinds[UnitKind.COMMUNITY] + kinds[UnitKind.VILLAGE] == TINY.communities
    assert kinds[UnitKind.GRID] == TINY.grids
    problems = Unit.objects.find_problems()  # paths, depths and child counts that disagree
    assert not any(problems)
    assert Task.objects.count() == TINY.tasks_per_community * TINY.communities
    assert Report.objects.count() == TINY.reports
    assert Need.objects.count() == TINY.needs
    tallied = NeedTally.objects.aggregate(open=Sum("open"), closed=Sum("closed"))
    assert tallied == {
        "open": Need.objects.filter(state__in=Need.OPEN).count(),
        "closed": Need.objects.filter(state__in=Need.CLOSED).count(),
    }  # the needs board's totals, as saving each need keeps them
    assert SignIn.objects.count() == TINY.signins
    assert AuditEntry.objects.count() == TINY.audit_entries
    assert Volunteer.teams.through.objects.count() == TINY.volunteers
    # every report sent for review waits at a stored stage; every community reports
    assert ReviewStage.objects.count() == 2 * Report.objects.exclude(state="draft").count()
    assert Report.objects.values("unit").distinct().count() == TINY.communities


def test_a_sample_of_every_table_passes_the_model_rules():
    generate("tiny", out=quiet)

    for model in GENERATED:
        rows = model._base_manager.order_by("pk")
        assert rows.exists(), model
        for row in (rows.first(), rows.last()):
            row.full_clean()


def test_personal_data_is_encrypted_with_its_blind_index():
    generate("tiny", out=quiet)

    volunteer = Volunteer.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone, id_number FROM community_volunteer WHERE id = %s", [volunteer.pk]
        )
        stored = cursor.fetchone()
    assert all(column.startswith("gz2:") for column in stored)  # ciphertext in the columns
    assert volunteer.phone.reveal().startswith("139")
    assert Volunteer.objects.filter(phone_index=blind_index(volunteer.phone.reveal())).exists()
    assert volunteer.id_number_index == blind_index(volunteer.id_number)
    need = Need.objects.order_by("pk").first()
    assert need.resident_name.reveal() and need.phone_index == blind_index(need.resident_phone)


def test_values_written_as_they_are_are_what_their_fields_would_send():
    generate("tiny", out=quiet)

    for model in GENERATED:
        row = model._base_manager.order_by("pk").last()
        for field in model._meta.concrete_fields:
            if type(field) in AS_IS:
                value = row.__dict__[field.attname]
                assert value == field.get_db_prep_save(field.pre_save(row, True), connection)


def test_a_second_run_adds_nothing():
    generate("tiny", out=quiet)
    first = counts()

    out = StringIO()
    call_command("generate_data", "--preset", "tiny", stdout=out)

    assert counts() == first
    assert " 0 rows" in out.getvalue() and " 1 rows" not in out.getvalue()
    assert "tiny-office" in out.getvalue()


@pytest.fixture
def small_chunks(monkeypatch):
    """Tables written a few rows (or parents) at a time, so an interruption falls inside one."""
    sequence, children = Run.sequence, Run.children
    monkeypatch.setattr(Run, "sequence", lambda run, table: sequence(run, replace(table, chunk=5)))
    monkeypatch.setattr(Run, "children", lambda run, table: children(run, replace(table, chunk=2)))


@pytest.mark.parametrize("failing_write", [3, 17, 40])
def test_an_interrupted_run_resumes_to_the_same_rows(monkeypatch, small_chunks, failing_write):
    with transaction.atomic():
        generate("tiny", out=quiet)
        whole, keys = counts(), natural_keys()
        transaction.set_rollback(True)
    assert Unit.objects.count() == 0

    write, calls = RowWriter.write, []

    def fails_once(self, model, objs):
        calls.append(model)
        if len(calls) == failing_write:
            raise RuntimeError("interrupted")
        return write(self, model, objs)

    monkeypatch.setattr(RowWriter, "write", fails_once)
    with pytest.raises(RuntimeError):
        generate("tiny", out=quiet)
    assert 0 < sum(counts().values()) < sum(whole.values())
    generate("tiny", out=quiet)

    assert counts() == whole
    assert natural_keys() == keys


def test_a_run_stopped_after_a_stage_completes_later():
    generate("tiny", stop_after="reports", out=quiet)
    assert Report.objects.count() == TINY.reports and not Need.objects.exists()

    generate("tiny", out=quiet)

    assert Need.objects.count() == TINY.needs
    tallied = NeedTally.objects.aggregate(open=Sum("open"), closed=Sum("closed"))
    assert tallied == {
        "open": Need.objects.filter(state__in=Need.OPEN).count(),
        "closed": Need.objects.filter(state__in=Need.CLOSED).count(),
    }  # the needs board's totals, as saving each need keeps them


def test_stages_in_parallel_processes_make_the_same_rows(monkeypatch):
    """--jobs runs the tree, accounts and program, then each group of independent stages as
    `generate_data --only …` in a process of its own (run in this process here, so they write
    to the test database): the rows are those of one serial run."""
    with transaction.atomic():
        generate("tiny", out=quiet)
        whole, keys = counts(), natural_keys()
        transaction.set_rollback(True)
    started = []

    class InProcess:
        def __init__(self, argv, env):
            started.append(argv[3:])
            call_command(*argv[2:], stdout=StringIO())

        def wait(self):
            return 0

    monkeypatch.setattr(generate_data.subprocess, "Popen", InProcess)
    out = StringIO()
    call_command("generate_data", "--preset", "tiny", "--jobs", "2", stdout=out)

    assert counts() == whole and natural_keys() == keys
    assert len(started) == 2 and all("--preset=tiny" in argv for argv in started)
    stages = sorted(
        argv[i + 1] for argv in started for i, arg in enumerate(argv) if arg == "--only"
    )
    assert stages == sorted(INDEPENDENT)
    assert "tiny-office" in out.getvalue()


def test_parallel_stages_are_dealt_by_weight():
    groups = deal(INDEPENDENT, sizes_of("province"), 2)
    assert sorted(stage for group in groups for stage in group) == sorted(INDEPENDENT)
    loads = [sum(weight(stage, sizes_of("province")) for stage in group) for group in groups]
    assert max(loads) < 1.5 * min(loads)
    assert sorted(deal(INDEPENDENT, TINY, 9)) == sorted([stage] for stage in INDEPENDENT)


def test_jobs_cannot_be_combined_with_a_partial_run():
    with pytest.raises(CommandError, match="--jobs"):
        call_command("generate_data", "--preset", "tiny", "--jobs", "2", "--only", "needs")


def test_only_the_named_stages_run():
    generate("tiny", stop_after="program", out=quiet)
    generate("tiny", only=("needs",), out=quiet)
    assert Need.objects.count() == TINY.needs and not Report.objects.exists()


def test_a_seed_fixes_the_output():
    keys = {}
    for seed in (1, 1, 2):
        try:
            with transaction.atomic():
                generate("tiny", seed=seed, out=quiet)
                keys.setdefault(seed, []).append(natural_keys())
                raise _Undo
        except _Undo:
            pass

    assert keys[1][0] == keys[1][1]
    assert keys[2][0]["units"] == keys[1][0]["units"]  # the tree is the preset's
    assert keys[2][0]["reports"] != keys[1][0]["reports"]


def test_the_printed_accounts_see_the_generated_data(client):
    run = generate("tiny", out=quiet)
    office, street, community = (User.objects.get(username=name) for name in logins(run))
    program = Program.objects.get(code="scale-tiny")
    pages = [
        reverse("progress:program-detail", args=[program.pk]),
        reverse("community:volunteer-list"),
        reverse("activities:activity-list"),
        reverse("residents:need-list"),
        reverse("core:audit-list"),
    ]

    for user in (office, street, community):
        client.force_login(user)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, (user, page)
    report = Report.objects.filter(state="pending", stage=0).order_by("pk").first()
    reviewer = User.objects.get(grants__unit=report.review_stages.get(position=0).unit)
    client.force_login(reviewer)  # a street's user, whose review it awaits
    assert client.get(reverse("progress:report-detail", args=[report.pk])).status_code == 200
