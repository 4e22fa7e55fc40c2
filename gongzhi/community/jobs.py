"""Registry import and export, run as background jobs with progress."""

import tablib
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from gongzhi.community.resources import REGISTRIES
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.roles import Perm


def _resource(job, progress=None):
    resource_class, label, list_url = REGISTRIES[job.params["registry"]]
    return resource_class(actor=job.owner, progress=progress), label, list_url


@job_kind("registry_export")
def registry_export(job, progress) -> JobResult:
    resource, label, _url = _resource(job)
    model = resource._meta.model
    # The same rows the registry's list page shows (it lists with this permission).
    queryset = model.objects.visible_to(job.owner, Perm.VIEW_REGISTRIES).select_related("unit")
    progress(0, queryset.count())
    dataset = resource.export(queryset)
    progress(len(dataset), len(dataset))
    audit_record(actor=job.owner, action=Action.EXPORT, message=f"导出{label}（{len(dataset)} 行）")
    return JobResult(
        message=f"共 {len(dataset)} 行。",
        filename=f"{job.params['registry']}.xlsx",
        content=dataset.export("xlsx"),
    )


def row_errors(result) -> list[str]:
    """Every problem of a dry run, by spreadsheet row (the header is row 1)."""
    messages = []
    for number, errors in result.row_errors():
        messages += [f"第{number + 1}行：{error.error}" for error in errors]
    for invalid in result.invalid_rows:
        for field, problems in invalid.error_dict.items():
            messages += [f"第{invalid.number + 1}行 {field}：{p}" for p in problems]
    return messages


def duplicate_rows(resource, dataset) -> list[str]:
    """Rows of the file that repeat another row's natural key (e.g. the same unit and name)."""
    columns = [resource.fields[name].column_name for name in resource._meta.import_id_fields]
    if not all(column in dataset.headers for column in columns):
        return []
    first_seen, messages = {}, []
    for number, row in enumerate(dataset.dict, start=2):
        key = tuple(str(row[column]).strip() for column in columns)
        if key in first_seen:
            messages.append(f"第{number}行：与第{first_seen[key]}行重复（{'、'.join(key)}）")
        first_seen.setdefault(key, number)
    return messages


@job_kind("registry_import")
def registry_import(job, progress) -> JobResult:
    """All rows or none: a dry run first; only a clean file is written."""
    path = job.params["path"]
    try:
        with default_storage.open(path, "rb") as handle:
            dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    except Exception as error:  # tablib raises various errors for a file that is not xlsx
        raise JobFailed(f"文件无法读取为 Excel（.xlsx）：{error}") from error
    finally:  # the upload holds personal data: never keep it past this job
        default_storage.delete(path)
    resource, label, list_url = _resource(job, progress)
    checked = resource.import_data(dataset, dry_run=True, raise_errors=False)
    errors = duplicate_rows(resource, dataset) + row_errors(checked)
    if errors:
        raise JobFailed("未导入任何数据，请修改以下问题后重新上传：\n" + "\n".join(errors[:200]))
    resource, _label, _url = _resource(job, progress)
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    totals = result.totals
    summary = f"新增 {totals['new']} 行，更新 {totals['update']} 行，未变 {totals['skip']} 行。"
    audit_record(actor=job.owner, action=Action.UPDATE, message=f"导入{label}：{summary}")
    return JobResult(message=summary, url=reverse(list_url))
