"""The 好德行 import as a background job with progress: a dry run keeps the upload and shows what
would change; the confirmed import writes it and deletes the upload."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import check_upload_size, check_xlsx
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.exchange.files import read_file
from gongzhi.exchange.services import apply_plan, plan_import


def _plan(job, progress):
    path, name = job.params["path"], job.params["name"]
    try:
        with default_storage.open(path, "rb") as handle:
            check_upload_size(handle.size)
            if name.lower().endswith(".xlsx"):
                check_xlsx(handle)
            parsed = read_file(name, handle.read())
    except ValidationError as error:
        default_storage.delete(path)
        raise JobFailed(" ".join(error.messages)) from error
    plan = plan_import(actor=job.owner, parsed=parsed, progress=progress)
    if plan.errors:
        default_storage.delete(path)
        raise JobFailed(
            _("未导入任何数据，请修改以下问题后重新上传：") + "\n" + "\n".join(plan.errors)
        )
    return plan


@job_kind("haodexing_import")
def haodexing_import(job, progress) -> JobResult:
    plan = _plan(job, progress)
    if job.params.get("dry_run"):
        message = _("试导入（未写入）：") + plan.summary()
        return JobResult(message=message, url=reverse("exchange:confirm", args=[job.pk]))
    try:
        apply_plan(actor=job.owner, plan=plan)
    finally:
        default_storage.delete(job.params["path"])
    summary = plan.summary()
    audit_record(actor=job.owner, action=Action.UPDATE, message=_("导入好德行数据：") + summary)
    return JobResult(message=summary, url=reverse("exchange:home"))
