"""The unit import as background jobs: a plan first (nothing written), then, once the office
confirms it, the same stored file applied in one transaction."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.orgs.unit_import import ImportRefused, apply_units, plan_units, read_units_file


def _refused(errors) -> JobFailed:
    return JobFailed(_("未导入任何数据，请修改以下问题后重新上传：") + "\n" + "\n".join(errors))


def _plan(job, progress):
    with default_storage.open(job.params["path"], "rb") as handle:
        source = read_units_file(handle, job.params["name"])
    plan = plan_units(actor=job.owner, source=source, progress=progress)
    if plan.errors:
        raise ImportRefused(plan.errors)
    return plan


def summary_text(counts: dict) -> str:
    return (
        _(
            "新增 %(created)d 个单位，更新 %(updated)d 个，未变 %(unchanged)d 个；"
            "统计数据新增 %(statistics_created)d 条，更新 %(statistics_updated)d 条。"
        )
        % counts
    )


@job_kind("unit_import_plan")
def unit_import_plan(job, progress) -> JobResult:
    """Check the file and keep what would change on the job, for the page that confirms it.
    The stored file stays for the apply job unless the plan fails or changes nothing."""
    try:
        plan = _plan(job, progress)
    except (ValidationError, ImportRefused) as error:
        default_storage.delete(job.params["path"])
        messages = error.errors if isinstance(error, ImportRefused) else error.messages
        raise _refused(messages) from error
    if not plan.changes:
        default_storage.delete(job.params["path"])
    job.params = {**job.params, "plan": plan.summary()}  # saved with the finished job
    return JobResult(
        message=summary_text(plan.counts()), url=reverse("orgs:unit-import-plan", args=[job.pk])
    )


@job_kind("unit_import_apply")
def unit_import_apply(job, progress) -> JobResult:
    """Plan the stored file again (the tree may have changed since) and write it, all or none."""
    try:
        with transaction.atomic():
            plan = _plan(job, progress)
            counts = apply_units(actor=job.owner, plan=plan, source_name=job.params["name"])
    except (ValidationError, ImportRefused) as error:
        messages = error.errors if isinstance(error, ImportRefused) else error.messages
        raise _refused(messages) from error
    finally:  # the upload is not kept past the import
        default_storage.delete(job.params["path"])
    return JobResult(message=summary_text(counts), url=reverse("orgs:unit-list"))
