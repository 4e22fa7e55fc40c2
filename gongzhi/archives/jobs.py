"""The archive as a background job: built for its owner, as the owner sees the records."""

from django.utils.translation import gettext as _

from gongzhi.archives.build import build_archive
from gongzhi.archives.sections import Scope
from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Program


def archive_scope(owner, program_id: int, unit_id: int) -> Scope:
    program = Program.objects.visible_to(owner).filter(pk=program_id).first()
    unit = Unit.objects.visible_to(owner).filter(pk=unit_id).first()
    if program is None or unit is None or not access_for(owner).reaches(unit, Perm.VIEW_PROGRAMS):
        raise JobFailed(_("您无权生成这份档案。"))
    return Scope(program=program, unit=unit, owner=owner)


def archive_filename(scope: Scope) -> str:
    return f"{scope.program.name}-{scope.unit.name}-{_('档案')}.zip"


@job_kind("archive")
def archive(job, progress) -> JobResult:
    scope = archive_scope(job.owner, job.params["program"], job.params["unit"])
    built = build_archive(scope, progress)
    audit_record(
        actor=job.owner,
        action=Action.EXPORT,
        unit=scope.unit,
        message=_("生成档案：%(program)s · %(unit)s（%(files)d 个文件，%(records)d 条记录）")
        % {
            "program": scope.program.name,
            "unit": scope.unit.name,
            "files": built.files,
            "records": built.records,
        },
    )
    return JobResult(
        message=_("共 %(files)d 个文件、%(records)d 条记录。")
        % {"files": built.files, "records": built.records},
        filename=archive_filename(scope),
        content=built.content,
    )
