"""Background work of the programs app: a program document uploaded (JSON or the filled Excel
template) is first previewed (what would change, nothing written), then applied when the office
confirms it."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.models import Job
from gongzhi.programs import uploads
from gongzhi.programs.document import DocumentError
from gongzhi.programs.models import Program
from gongzhi.programs.services import program_import, program_preview


def _refused(errors) -> JobFailed:
    return JobFailed(_("未导入，请修改以下问题：") + "\n" + "\n".join(errors))


def _denied(error) -> JobFailed:
    return JobFailed(str(error) or _("您的角色无权执行此操作。"))


def _program(pk):
    if not pk:
        return None
    return Program.objects.dangerously_unscoped(
        reason="the job was started from the program's versions page, which checked that its "
        "owner manages the program; the import below checks it again"
    ).get(pk=pk)


def _program_with_code(code):
    return (
        Program.objects.dangerously_unscoped(
            reason="the preview passed the import's check that the job's owner manages the "
            "program with this code; it is looked up to mark its tasks that have reports"
        )
        .filter(code=code)
        .first()
    )


@job_kind("program_preview")
def program_upload_preview(job, progress) -> JobResult:
    """Read and check the upload and list what it would change, writing nothing. A file with
    any wrong row or key is refused, naming sheet and row (or the document place)."""
    path = job.params["path"]
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    finally:  # the upload itself is not kept past this job; the checked document is
        default_storage.delete(path)
    try:
        document, locate = uploads.read_upload(data, job.params["source"])
    except DocumentError as error:
        raise _refused(error.errors) from error
    program = _program(job.params.get("program"))
    if program is not None and document.get("code") != program.code:
        raise JobFailed(
            _("文件的项目代码“%(code)s”与本项目的代码“%(program)s”不一致，未更新。")
            % {"code": document.get("code"), "program": program.code}
        )
    try:
        log = program_preview(actor=job.owner, document=document)
    except DocumentError as error:
        raise _refused(locate(error.errors)) from error
    except PermissionDenied as error:
        raise _denied(error) from error
    progress(1, 1)
    if not log:
        return JobResult(message=_("文件与当前项目一致，没有变更。"))
    existing = program or _program_with_code(document.get("code"))
    rows = uploads.change_rows(log, uploads.reported_labels(existing))
    uploads.keep_pending(
        job.pk,
        {
            "document": document,
            "source": job.params["source"],
            "program": program.pk if program else None,
            "changes": rows,
        },
    )
    return JobResult(
        message=_("共 %(n)d 处变更，请查看后确认更新。") % {"n": len(rows)},
        url=reverse("programs:upload-preview", args=[job.pk]),
    )


@job_kind("program_apply")
def program_upload_apply(job, progress) -> JobResult:
    """Write the previewed document (all or nothing, with an audit entry and a new version);
    the kept document is deleted whatever the outcome."""
    preview = Job.objects.get(pk=job.params["preview"])
    pending = uploads.read_pending(preview.pk)
    uploads.drop_pending(preview.pk)
    if pending is None:
        raise JobFailed(_("这份上传已经应用或已作废，请重新上传。"))
    try:
        program, changes = program_import(
            actor=job.owner, document=pending["document"], source=pending["source"]
        )
    except DocumentError as error:
        raise _refused(error.errors) from error
    except PermissionDenied as error:
        raise _denied(error) from error
    progress(1, 1)
    if not changes:
        return JobResult(message=_("没有变更。"), url=program.get_absolute_url())
    message = _("已更新为第 %(version)d 版：%(n)d 处变更。") % {
        "version": program.version,
        "n": changes,
    }
    if pending["program"] is None:
        return JobResult(message=message, url=program.get_absolute_url())
    return JobResult(message=message, url=reverse("programs:program-versions", args=[program.pk]))
