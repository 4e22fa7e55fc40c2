"""A program document uploaded as JSON or as the filled Excel template, on its way in: read,
previewed (what would change, nothing written), kept until the office confirms it, then applied.

The checked document waits in storage under the preview job's number (`pending_path`) and is
deleted when it is applied, when applying it fails, or when the preview shows no change.
"""

import json

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.programs.document import DocumentError
from gongzhi.programs.excel import TemplateReader
from gongzhi.programs.models import Task

ACTIONS = {
    "create": gettext_lazy("新增"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
}


def is_json(name: str) -> bool:
    return name.lower().endswith(".json")


def parse_json(data: bytes) -> dict:
    """A JSON program document; anything else is a DocumentError saying what is wrong."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise DocumentError([_("文件不是 UTF-8 编码的 JSON。")]) from error
    except json.JSONDecodeError as error:
        message = _("文件不是有效的 JSON：第%(line)d行第%(column)d列，%(error)s") % {
            "line": error.lineno,
            "column": error.colno,
            "error": error.msg,
        }
        raise DocumentError([message]) from error
    if not isinstance(document, dict):
        raise DocumentError([_("项目文件应是一个 JSON 对象（{…}）。")])
    return document


def read_upload(data: bytes, name: str):
    """(document, locate): the document of an uploaded file, and how to turn a document place
    in an error (tasks[2].due) into where the file says it (市级任务 第4行 for Excel)."""
    if is_json(name):
        return parse_json(data), list
    reader = TemplateReader(data)
    return reader.document(), reader.locate


def pending_path(job_pk: int) -> str:
    return f"jobs/pending/program-{job_pk}.json"


def keep_pending(job_pk: int, content: dict) -> None:
    path = pending_path(job_pk)
    default_storage.delete(path)
    data = json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")
    default_storage.save(path, ContentFile(data))


def read_pending(job_pk: int) -> dict | None:
    path = pending_path(job_pk)
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def drop_pending(job_pk: int) -> None:
    default_storage.delete(pending_path(job_pk))


def reported_labels(program) -> set[str]:
    """The labels (任务3, 西城社区 第2项) of the program's tasks that have progress reports."""
    if program is None:
        return set()
    tasks = (
        Task.objects.filter(program=program, reports__isnull=False)
        .select_related("pilot__community")
        .distinct()
    )
    return {task.label for task in tasks}


def change_rows(log, reported: set[str]) -> list[list]:
    """The preview's [(action, kind, record)] as [action, kind, record, has reports]. A task's
    record starts with its label: those with reports are marked. A record the import creates is
    shown once, as created (the importer may touch it again, e.g. a new phase's milestones)."""
    task_kinds = {str(label) for label in Task.Kind.labels}
    prefixes = tuple(f"{label} " for label in reported)
    created = {(kind, record) for action, kind, record in log if action == "create"}
    rows = []
    for action, kind, record in log:
        if action == "update" and (kind, record) in created:
            continue  # a new record's later touches
        is_task = kind in task_kinds
        rows.append(
            [action, kind, record, bool(prefixes) and is_task and record.startswith(prefixes)]
        )
    return rows


def grouped_changes(rows) -> list[dict]:
    """Changes by kind of record (in the order the import meets them), then 新增 / 修改 / 删除:
    [{"kind": "任务", "count": 3, "actions": [{"action": "create", "label": "新增",
    "records": [{"text": …, "reported": False}]}]}]."""
    kinds: dict[str, dict[str, list]] = {}
    for action, kind, record, reported in rows:
        by_action = kinds.setdefault(kind, {key: [] for key in ACTIONS})
        by_action.setdefault(action, []).append({"text": record, "reported": reported})
    return [
        {
            "kind": kind,
            "count": sum(len(records) for records in by_action.values()),
            "actions": [
                {"action": action, "label": ACTIONS.get(action, action), "records": records}
                for action, records in by_action.items()
                if records
            ],
        }
        for kind, by_action in kinds.items()
    ]
