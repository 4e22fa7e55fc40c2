"""The audit log as an Excel file, read as the audit pages show it."""

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from gongzhi.core.audit_display import EMPTY, describe, local_time, object_type_label
from gongzhi.core.excel import append_row, workbook_bytes

MAX_ROWS = 100_000  # one file; a longer period is exported in parts
CHUNK = 2000


def headers() -> list[str]:
    return [
        _("时间（北京时间）"),
        _("操作人"),
        _("操作人单位"),
        _("IP 地址"),
        _("操作"),
        _("对象类型"),
        _("对象"),
        _("所属单位"),
        _("说明"),
        _("变更内容"),
    ]


def _row(entry) -> list:
    return [
        local_time(entry.at),
        entry.actor_label or EMPTY,
        entry.actor_unit.name if entry.actor_unit else "",
        entry.ip or "",
        entry.get_action_display(),
        object_type_label(entry),
        entry.object_repr,
        entry.unit.name if entry.unit else "",
        entry.message,
        _("；").join(str(change) for change in entry.changes),
    ]


def _chunks(queryset):
    """The entries in pages of CHUNK, each page described at once."""
    queryset = queryset.select_related("actor_unit", "unit").order_by("-at", "-pk")
    last = None
    while True:
        page = queryset
        if last is not None:
            page = queryset.filter(Q(at__lt=last.at) | Q(at=last.at, pk__lt=last.pk))
        entries = list(page[:CHUNK])
        if not entries:
            return
        describe(entries)
        yield from entries
        last = entries[-1]


def audit_workbook(queryset) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("审计日志"))
    append_row(sheet, headers())
    for entry in _chunks(queryset):
        append_row(sheet, _row(entry))
    return workbook_bytes(workbook)


def filter_summary(filterset) -> str:
    """The filters applied, as the list page's filter bar names them (“操作：导出；起始日期：…”)."""
    parts = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        shown = dict(getattr(field, "choices", ())).get(value, value)
        parts.append(f"{field.label}：{shown}")
    return _("；").join(parts) or _("无")
