"""The case and publicity lists in Excel (at once when small, else as a background job)."""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.cases.filters import CaseFilter, PublicityFilter
from gongzhi.cases.models import Case, Publicity
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import dated_filename, table_workbook
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.roles import Perm


@dataclass(frozen=True)
class ListExport:
    """One list page's export: its records as filtered, its columns and one row per record."""

    model: type
    filterset: type
    title: object
    headers: tuple
    row: object

    def listed(self, owner, query: str):
        queryset = self.model.objects.visible_to(owner, Perm.VIEW_REGISTRIES)
        found = self.filterset(QueryDict(query), queryset=queryset)
        if not found.is_valid():
            raise JobFailed(_("筛选条件有误，请在列表页重新筛选后导出。"))
        return found.qs.select_related("unit", "task").order_by("-date", "-pk")

    def run(self, job, progress) -> JobResult:
        queryset = self.listed(job.owner, job.params["query"])
        total = queryset.count()
        progress(0, total)
        rows = (self.row(record) for record in queryset.iterator(chunk_size=2000))
        title = str(self.title)
        content = table_workbook(title, [str(header) for header in self.headers], rows)
        progress(total, total)
        audit_record(
            actor=job.owner,
            action=Action.EXPORT,
            message=_("导出%(title)s列表（%(n)d 行）") % {"title": title, "n": total},
        )
        return JobResult(
            message=_("共 %(n)d 行。") % {"n": total},
            filename=dated_filename(title),
            content=content,
        )


def _task(record) -> str:
    return str(record.task.number) if record.task else ""


CASES = ListExport(
    Case,
    CaseFilter,
    gettext_lazy("典型案例"),
    (
        gettext_lazy("标题"),
        gettext_lazy("类型"),
        gettext_lazy("报送单位"),
        gettext_lazy("形成日期"),
        gettext_lazy("标签"),
        gettext_lazy("关联任务"),
        gettext_lazy("公开展示"),
        gettext_lazy("案例简介"),
    ),
    lambda case: [
        case.title,
        case.get_type_display(),
        case.unit.name,
        case.date,
        case.tags,
        _task(case),
        _("是") if case.is_public else _("否"),
        case.summary,
    ],
)
PUBLICITY = ListExport(
    Publicity,
    PublicityFilter,
    gettext_lazy("宣传报道"),
    (
        gettext_lazy("标题"),
        gettext_lazy("媒体名称"),
        gettext_lazy("媒体级别"),
        gettext_lazy("宣传形式"),
        gettext_lazy("发布日期"),
        gettext_lazy("报送单位"),
        gettext_lazy("链接"),
        gettext_lazy("关联任务"),
    ),
    lambda record: [
        record.title,
        record.media,
        record.get_media_level_display(),
        record.get_kind_display(),
        record.date,
        record.unit.name,
        record.link,
        _task(record),
    ],
)
EXPORTS = {"case_export": CASES, "publicity_export": PUBLICITY}

for _kind, _export in EXPORTS.items():
    job_kind(
        _kind,
        size=lambda owner, params, export=_export: export.listed(owner, params["query"]).count(),
    )(_export.run)
