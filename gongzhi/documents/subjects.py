"""What a report is about, and who may generate it: a pilot community's or a street's
创建工作总结报告, or the whole program's 验收报告."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.roles import Perm
from gongzhi.documents.models import DocumentKind
from gongzhi.programs.models import Pilot, Program

GENERATE = Perm.REPORT_PROGRESS  # a community its own, a street its communities and itself
ACCEPTANCE = Perm.MANAGE_PROGRAMS  # the program office: the program's acceptance report


@dataclass(frozen=True)
class Subject:
    kind: str
    program: Program
    unit: object  # the community or street; the program's region for the acceptance report
    pilot: Pilot | None = None

    @property
    def is_program(self) -> bool:
        return self.kind == DocumentKind.ACCEPTANCE

    @property
    def name(self) -> str:
        return self.program.name if self.is_program else self.unit.name

    @property
    def title(self) -> str:
        if self.is_program:
            return _("%(program)s验收报告") % {"program": self.program.name}
        return _("%(unit)s创建工作总结报告") % {"unit": self.unit.name}


def may_generate(user, subject: Subject) -> bool:
    access = access_for(user)
    if subject.is_program:
        return access.reaches(subject.program.office_unit, ACCEPTANCE)
    return access.reaches(subject.unit, GENERATE)


def subjects_for(user, program) -> list[Subject]:
    """The reports `user` may generate for `program`: the acceptance report, then each street
    responsible for pilots and each pilot community, in the program's order."""
    pilots = list(program.pilots.select_related("community", "street").order_by("order"))
    found = [Subject(DocumentKind.ACCEPTANCE, program, program.region)]
    streets = {}
    for pilot in pilots:
        streets.setdefault(pilot.street_id, pilot.street)
    found += [Subject(DocumentKind.SUMMARY, program, street) for street in streets.values()]
    found += [Subject(DocumentKind.SUMMARY, program, p.community, p) for p in pilots]
    return [subject for subject in found if may_generate(user, subject)]


def subject_of(program, unit_id: int | None) -> Subject | None:
    """The subject a request names: no unit for the program, else a pilot community or a
    street responsible for pilots of the program (None for any other unit)."""
    if unit_id is None:
        return Subject(DocumentKind.ACCEPTANCE, program, program.region)
    pilots = program.pilots.select_related("community", "street")
    pilot = pilots.filter(community_id=unit_id).first()
    if pilot is not None:
        return Subject(DocumentKind.SUMMARY, program, pilot.community, pilot)
    pilot = pilots.filter(street_id=unit_id).first()
    if pilot is not None:
        return Subject(DocumentKind.SUMMARY, program, pilot.street)
    return None
