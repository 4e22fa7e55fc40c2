"""The archive's sections: each is a small builder yielding the entries (a record, with or
without a file) it puts in the zip. A section added later (e.g. the assessment's score sheet) is
one more builder appended to SECTIONS, in the numbering order it should take.

    builder(scope) -> Iterable[Entry]

Most sections are lists of `Part`s: one kind of record, how it is placed in a unit, and where its
files are. A builder may also give generated content (an Excel sheet, a Word file) as bytes.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.activities.models import Activity
from gongzhi.cases.models import Case, Publicity
from gongzhi.community.models import SocialOrganization, SocialWorker, Station
from gongzhi.documents.models import GeneratedDocument
from gongzhi.evaluation.exports import sheet_workbook
from gongzhi.evaluation.models import Round
from gongzhi.evaluation.sheet import score_sheet
from gongzhi.funds.models import FundEntry
from gongzhi.programs.models import Task
from gongzhi.progress.models import Report
from gongzhi.residents.models import Need
from gongzhi.selfgov.models import Attachment, Charter, DutyList, Matter, Sign
from gongzhi.services.models import ServiceLog, ServiceProject, ServiceReport
from gongzhi.supervision.models import Rectification, SupervisionReport, Visit
from gongzhi.surveys.models import Survey


@dataclass(frozen=True)
class Scope:
    """Whose archive: a program, narrowed to one unit's subtree (a pilot community, or the
    program's region for the whole program), read as `owner` sees it."""

    program: object
    unit: object
    owner: object


@dataclass
class Entry:
    """One row of the index: a record and, if it has one, a file of it."""

    kind: str
    title: str
    unit: str
    date: datetime.date | None
    link: str = ""
    file: object = None  # a stored FieldFile
    file_name: str = ""
    content: bytes | None = None  # generated content, instead of a stored file
    key: tuple = ()  # identifies the stored file (model label, pk, field) for the checks


@dataclass(frozen=True)
class Section:
    number: str
    title: object
    build: Callable[[Scope], Iterable[Entry]]

    @property
    def folder(self) -> str:
        return f"{self.number} {self.title}"


def _walk(obj, path: str) -> list:
    """The objects at the end of a related path ("steps__files") from `obj`, prefetched."""
    found = [obj]
    for name in path.split("__"):
        found = [item for parent in found for item in getattr(parent, name).all()]
    return found


def _day(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


@dataclass(frozen=True)
class Part:
    """One kind of record in a section."""

    model: type
    units: tuple[str, ...]  # unit-path lookups placing a record in the archive's unit
    unit: str = "unit"  # the attribute naming its unit in the index
    date: str = "created_at"
    files: tuple[str, ...] = ()  # related paths to its stored files (StoredFile rows)
    file_fields: tuple[str, ...] = ()  # FileFields on the record itself
    program: str = ""  # lookup to its program, when it has one
    select: tuple[str, ...] = field(default_factory=tuple)
    source: Callable | None = None  # the record to name in the index, when not this one

    def records(self, scope: Scope):
        condition = Q()
        for lookup in self.units:
            condition |= Q(**{f"{lookup}__startswith": scope.unit.path})
        records = self.model.objects.visible_to(scope.owner).filter(condition)
        if self.program:
            records = records.filter(**{self.program: scope.program})
        related = (self.unit.replace(".", "__"), *self.select)
        return (
            records.distinct().select_related(*related).prefetch_related(*self.files).order_by("pk")
        )

    def entries(self, scope: Scope) -> Iterable[Entry]:
        kind = str(self.model._meta.verbose_name)
        for record in self.records(scope).iterator(chunk_size=500):
            unit = record
            for name in self.unit.split("."):
                unit = getattr(unit, name, None)
            named = self.source(record) if self.source else record
            row = {
                "kind": str(named._meta.verbose_name) if self.source else kind,
                "title": str(named),
                "unit": unit.name if unit is not None else "",
                "date": _day(getattr(record, self.date, None)),
                "link": named.get_absolute_url() if hasattr(named, "get_absolute_url") else "",
            }
            stored = list(self._files(record))
            if not stored:
                yield Entry(**row)
            for file, name, key in stored:
                yield Entry(**row, file=file, file_name=name, key=key)

    def file_models(self) -> set[type]:
        """The models of the stored files this part puts in the archive."""
        found = {self.model} if self.file_fields else set()
        for path in self.files:
            model = self.model
            for name in path.split("__"):
                model = model._meta.get_field(name).related_model
            found.add(model)
        return found

    def _files(self, record):
        for path in self.files:
            for item in _walk(record, path):
                key = (item._meta.label, item.pk, "file")
                yield item.file, item.name, key
        for name in self.file_fields:
            value = getattr(record, name)
            if value:
                key = (record._meta.label, record.pk, name)
                yield value, value.name.rsplit("/", 1)[-1], key


def parts(*listed: Part) -> Callable[[Scope], Iterable[Entry]]:
    def build(scope):
        for part in listed:
            yield from part.entries(scope)

    build.parts = listed  # what the section covers, for the completeness check
    return build


BUYER = ("project__buyer__path",)


def _attachment_source(attachment):
    """A 居民自治 file names the matter, charter or sign it belongs to (else itself)."""
    if attachment.step_id:
        return attachment.step.matter
    return attachment.charter or attachment.sign or attachment


SECTIONS: list[Section] = [
    Section(
        "01",
        _("方案与台账"),
        parts(
            Part(
                Task,
                ("pilot__community__path", "assignments__unit__path"),
                unit="pilot.community",
                date="due",
                program="program",
            )
        ),
    ),
    Section(
        "02",
        _("进度报告与佐证"),
        parts(
            Part(
                Report,
                ("unit__path",),
                files=("evidence",),
                program="task__program",
                select=("task__pilot__community", "task__program"),
            )
        ),
    ),
    Section(
        "03",
        _("活动会议"),
        parts(
            Part(Activity, ("community__path", "unit__path"), date="starts_at", files=("photos",))
        ),
    ),
    Section(
        "04",
        _("五社联动"),
        parts(
            Part(SocialOrganization, ("unit__path",)),
            Part(Station, ("unit__path",), date="checked_on", file_fields=("check_evidence",)),
            Part(SocialWorker, ("unit__path",), date=""),
        ),
    ),
    Section(
        "05",
        _("服务项目与资金"),
        parts(
            Part(
                ServiceProject,
                ("buyer__path",),
                unit="buyer",
                date="starts_on",
                files=("agreement_files",),
            ),
            Part(
                ServiceLog,
                ("community__path", *BUYER),
                unit="community",
                date="date",
                files=("photos",),
            ),
            Part(
                ServiceReport,
                BUYER,
                unit="project.buyer",
                date="period_end",
                files=("evidence",),
            ),
            Part(FundEntry, BUYER, unit="project.buyer", date="date", files=("files",)),
        ),
    ),
    Section(
        "06",
        _("居民诉求与问卷"),
        parts(
            Part(
                Need, ("community__path",), unit="community", date="submitted_at", files=("photos",)
            ),
            Part(Survey, ("unit__path",), date="opens_on"),
        ),
    ),
    Section(
        "07",
        _("居民自治"),
        parts(
            Part(Matter, ("unit__path",)),
            Part(Charter, ("unit__path",), date="adopted_on"),
            Part(DutyList, ("unit__path",), date="adopted_on"),
            Part(Sign, ("unit__path",), date="checked_on"),
            Part(
                Attachment,
                ("unit__path",),
                date="uploaded_at",
                file_fields=("file",),
                select=("step__matter", "charter", "sign"),
                source=_attachment_source,
            ),
        ),
    ),
    Section(
        "08",
        _("典型案例与宣传"),
        parts(
            Part(Case, ("unit__path",), date="date", files=("photos",)),
            Part(Publicity, ("unit__path",), date="date", files=("clippings",)),
        ),
    ),
    Section(
        "09",
        _("第三方监督"),
        parts(
            Part(Visit, BUYER, unit="project.buyer", date="date", files=("files",)),
            Part(
                Rectification,
                ("owner__path", "visit__project__buyer__path"),
                unit="owner",
                date="due_on",
            ),
            Part(SupervisionReport, BUYER, unit="project.buyer", files=("files",)),
        ),
    ),
]


def _score_sheets(scope: Scope) -> Iterable[Entry]:
    """Each assessment round in the archive's reach, with its score sheet as an Excel file."""
    rounds = (
        Round.objects.visible_to(scope.owner)
        .filter(program=scope.program, unit__path__startswith=scope.unit.path)
        .select_related("unit", "table")
    )
    for round in rounds:
        yield Entry(
            kind=str(Round._meta.verbose_name),
            title=str(round),
            unit=round.unit.name,
            date=_day(round.approved_at) if round.approved_at else None,
            link=round.get_absolute_url(),
            file_name=_("%(unit)s绩效评分表.xlsx") % {"unit": round.unit.name},
            content=sheet_workbook(score_sheet(round)),
        )


SECTIONS += [
    Section("10", _("考核评分"), _score_sheets),
    Section(
        "11",
        _("总结与验收报告"),
        parts(
            Part(
                GeneratedDocument,
                ("unit__path",),
                date="uploaded_at",
                file_fields=("file",),
                program="program",
            )
        ),
    ),
]
