"""The archive of a pilot community holds every stored file of its records once, in the zip
and in the index, and nothing of another community; records without files are listed too."""

import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.archives.build import build_archive
from gongzhi.archives.sections import SECTIONS, Scope
from gongzhi.core.models import Job, StoredFile
from tests import test_permission_matrix as built
from tests.cases.helpers import make_case

FILE_BUILDERS = [
    built._evidence_in,
    built._photo_in,
    built._need_photo_in,
    built._selfgov_file_in,
    built._agreement_file_in,
    built._log_photo_in,
    built._report_evidence_in,
    built._fund_file_in,
    built._case_photo_in,
    built._clipping_in,
    built._visit_file_in,
    built._generated_report_in,
]

# Stored files that are not records of a program, with the reason they stay out.
NOT_ARCHIVED = {
    "documents.DocumentTemplate": "the office's Word templates of the reports, not a record",
}


def _supervision_file_in(unit):
    from gongzhi.supervision.models import ReportFile

    return built._stored(ReportFile, report=built._supervision_report_in(unit))


def _station_evidence_in(unit):
    station = built._station_with_evidence(unit)
    return station, "check_evidence"


def _key(stored):
    if isinstance(stored, tuple):
        record, field = stored
        return (record._meta.label, record.pk, field)
    return (stored._meta.label, stored.pk, "file")


def _files_in(unit) -> set:
    builders = [*FILE_BUILDERS, _supervision_file_in, _station_evidence_in]
    return {_key(builder(unit)) for builder in builders}


def _open(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    index_name = "档案索引.xlsx"  # at the root; the sections' files are in folders
    book = load_workbook(io.BytesIO(archive.read(index_name)))
    return archive, index_name, book


def test_every_stored_file_model_is_in_a_section():
    """A new kind of file must be placed in the archive (and in this test's builders)."""
    file_models = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, StoredFile) and model._meta.app_label != "core"
    } - set(NOT_ARCHIVED)
    covered = {
        model._meta.label
        for section in SECTIONS
        for part in getattr(section.build, "parts", ())
        for model in part.file_models()
    }
    assert file_models <= covered, f"put these files in a section: {file_models - covered}"


def test_the_archive_holds_each_file_of_the_community_once(tree, program, office):
    mine = _files_in(tree.community_a1)
    theirs = _files_in(tree.community_b1)
    bare_case = make_case(tree.community_a1, title="没有照片的案例")
    scope = Scope(program=program, unit=tree.community_a1, owner=office)
    calls = []
    built_archive = build_archive(scope, lambda done, total: calls.append((done, total)))
    archive, index_name, book = _open(built_archive.content)

    files_in_zip = [name for name in archive.namelist() if name != index_name]
    assert len(files_in_zip) == len(set(files_in_zip)) == len(mine) == built_archive.files
    index = list(book["索引"].iter_rows(values_only=True))[1:]
    listed = [row[1] for row in index if row[1]]
    assert sorted(listed) == sorted(files_in_zip)  # each file once in the index
    assert all(row[2] and row[3] for row in index)  # each names its source record
    assert any(row[3] == bare_case.title and not row[1] for row in index)  # record, no file
    cases_sheet = next(name for name in book.sheetnames if name.startswith("08 "))
    records = list(book[cases_sheet].iter_rows(values_only=True))[1:]
    assert (bare_case.title, bare_case.date.isoformat(), 0) in {
        (row[1], row[3], row[4]) for row in records
    }
    assert calls[-1] == (len(SECTIONS), len(SECTIONS))
    assert theirs  # the other community's files exist but are not in this archive
    assert built_archive.files == len(mine)


def test_the_archive_keeps_what_the_owner_may_not_see_out(tree, program, community_user):
    _files_in(tree.community_b1)
    scope = Scope(program=program, unit=tree.community_b1, owner=community_user)
    assert build_archive(scope, lambda *args: None).files == 0


@pytest.mark.usefixtures("program")
def test_a_street_builds_its_communitys_archive_as_a_job(
    client, tree, street_user, django_capture_on_commit_callbacks
):
    from gongzhi.programs.models import Pilot, Program

    program = Program.objects.get(code="test-2024")
    pilot = Pilot.objects.create(
        program=program,
        community=tree.community_a1,
        street=tree.street_a,
        type_name="多元共治型",
        due="2024-12-31",
    )
    case = make_case(tree.community_a1)
    client.force_login(street_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archives:pilot", args=[pilot.pk]))
    job = Job.objects.get(owner=street_user)
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == "done", job.message
    download = client.get(reverse("core:job-download", args=[job.pk]))
    _archive, _index, book = _open(b"".join(download.streaming_content))
    rows = list(book["索引"].iter_rows(values_only=True))
    assert any(row[0].startswith("08 ") and row[3] == case.title for row in rows)


def test_the_assessment_round_is_archived_with_its_score_sheet(tree, program, office):
    from gongzhi.evaluation import services

    services.table_default(program)
    round = services.round_create(
        actor=office, program=program, unit=tree.community_a1, third_party=tree.evaluator_a
    )
    services.round_create(
        actor=office, program=program, unit=tree.community_b1, third_party=tree.evaluator_a
    )
    scope = Scope(program=program, unit=tree.community_a1, owner=office)
    archive, index_name, book = _open(build_archive(scope, lambda *args: None).content)

    (sheet_name,) = [name for name in archive.namelist() if name.startswith("10 考核评分/")]
    assert sheet_name.endswith("甲一社区绩效评分表.xlsx")
    sheet = load_workbook(io.BytesIO(archive.read(sheet_name))).active
    cells = {cell for row in sheet.iter_rows(values_only=True) for cell in row}
    items = round.scores.values_list("item__name", flat=True)
    assert set(items) <= cells  # every item of the table is on the sheet
    index = list(book["索引"].iter_rows(values_only=True))[1:]
    assert [row[3] for row in index if row[0].startswith("10 ")] == [str(round)]
