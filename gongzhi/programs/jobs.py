"""Background work of the programs app: importing a program from its filled Excel template."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.programs.document import DocumentError
from gongzhi.programs.excel import TemplateReader
from gongzhi.programs.services import program_import


def _refused(errors) -> JobFailed:
    return JobFailed(_("未导入，请修改以下问题：") + "\n" + "\n".join(errors))


@job_kind("program_import")
def program_template_import(job, progress) -> JobResult:
    """All or nothing: a template with any wrong row writes nothing and names sheet and row."""
    path = job.params["path"]
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    finally:  # the upload is not kept past this job
        default_storage.delete(path)
    try:
        reader = TemplateReader(data)
    except DocumentError as error:
        raise _refused(error.errors) from error
    try:
        program, changes = program_import(
            actor=job.owner, document=reader.document(), source=job.params["source"]
        )
    except DocumentError as error:
        raise _refused(reader.locate(error.errors)) from error
    except PermissionDenied as error:
        raise JobFailed(str(error) or _("您的角色无权执行此操作。")) from error
    progress(1, 1)
    return JobResult(
        message=_("导入完成：%(n)d 处变更。") % {"n": changes}, url=program.get_absolute_url()
    )
