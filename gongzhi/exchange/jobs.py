"""The 好德行 exchange's background jobs, with progress. The export: small ones answer in the
request, large ones on their job page. The import: a dry run keeps the upload and shows what
would change; the confirmed import writes it and deletes the upload."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import check_upload_size, check_xlsx, dated_filename
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.exchange import exports
from gongzhi.exchange.files import read_file, to_json, to_xlsx
from gongzhi.exchange.schema import KINDS
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


def export_title(kind: str | None) -> str:
    return _("好德行交换") + (str(KINDS[kind].label) if kind else "")


def _kinds(params) -> list[str] | None:
    return [params["kind"]] if params.get("kind") else None


@job_kind("haodexing_export", size=lambda owner, params: exports.count(owner, _kinds(params)))
def haodexing_export(job, progress) -> JobResult:
    """The records in reach as a 好德行 file, JSON or Excel (params: fmt, kind or every kind)."""
    records = exports.exported(job.owner, _kinds(job.params), progress)
    rows = sum(len(kind_rows) for kind_rows in records.values())
    title = export_title(job.params.get("kind"))
    audit_record(
        actor=job.owner,
        action=Action.EXPORT,
        message=_("导出%(title)s（%(n)d 条）") % {"title": title, "n": rows},
    )
    filename = dated_filename(title)
    if job.params["fmt"] == "json":
        content, filename = to_json(records), filename.removesuffix(".xlsx") + ".json"
    else:
        content = to_xlsx(records)
    message = _("已导出 %(n)d 条。") % {"n": rows}
    return JobResult(message=message, filename=filename, content=content)
