"""Registry import and export, run as background jobs with progress."""

import gc

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _

from gongzhi.community import services
from gongzhi.community.imports import plan_import
from gongzhi.community.registries import REGISTRIES
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import (
    check_upload_size,
    check_xlsx,
    dated_filename,
    read_rows,
    table_workbook,
)
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.roles import Perm


def _exported(owner, params):
    """The registry and the rows its list page shows (it lists with this permission)."""
    registry = REGISTRIES[params["registry"]]
    return registry, registry.model.objects.visible_to(owner, Perm.VIEW_REGISTRIES)


@job_kind("registry_export", size=lambda owner, params: _exported(owner, params)[1].count())
def registry_export(job, progress) -> JobResult:
    registry, queryset = _exported(job.owner, job.params)
    total = queryset.count()
    progress(0, total)
    content = table_workbook(str(registry.label), registry.headers, registry.export_rows(queryset))
    progress(total, total)
    audit_record(
        actor=job.owner,
        action=Action.EXPORT,
        message=_("导出%(label)s（%(n)d 行）") % {"label": registry.label, "n": total},
    )
    return JobResult(
        message=_("共 %(n)d 行。") % {"n": total},
        filename=dated_filename(str(registry.label)),
        content=content,
    )


@job_kind("registry_import")
def registry_import(job, progress) -> JobResult:
    """All rows or none: every row is checked before anything is written; only a clean file is
    written, in one transaction."""
    # An import holds every row, record and audit entry of the file until it is written: the
    # cyclic garbage collector would walk that growing heap again and again (over a second of
    # a 20,000-row import) while finding nothing to free, since these objects are freed by
    # reference counting. It is paused for the job and runs once at its end.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _registry_import(job, progress)
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()


def _registry_import(job, progress) -> JobResult:
    registry = REGISTRIES[job.params["registry"]]
    path = job.params["path"]
    try:
        with default_storage.open(path, "rb") as handle:
            check_upload_size(handle.size)
            check_xlsx(handle)
            plan = plan_import(
                actor=job.owner, registry=registry, rows=read_rows(handle), progress=progress
            )
    except ValidationError as error:
        raise JobFailed(" ".join(error.messages)) from error
    finally:  # the upload holds personal data: never keep it past this job
        default_storage.delete(path)
    if plan.errors:
        raise JobFailed(_("未导入任何数据，请修改以下问题后重新上传：") + "\n" + plan.error_report)
    counts = services.registry_import(actor=job.owner, plan=plan)
    summary = _("新增 %(new)d 行，更新 %(update)d 行，未变 %(skip)d 行。") % counts
    audit_record(
        actor=job.owner,
        action=Action.UPDATE,
        message=_("导入%(label)s：%(summary)s") % {"label": registry.label, "summary": summary},
    )
    return JobResult(message=summary, url=reverse(registry.list_url))
