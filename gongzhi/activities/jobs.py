"""The activities list in Excel (at once when small, else as a background job)."""

from django.db.models import Count
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.activities.filters import ActivityFilter
from gongzhi.activities.models import Activity
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import dated_filename, table_workbook
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.core.roles import Perm


def _headers() -> list[str]:
    return [
        _("名称"),
        _("类型"),
        _("开始时间"),
        _("结束时间"),
        _("地点"),
        _("主办单位"),
        _("开展社区"),
        _("计划人数"),
        _("签到人数"),
    ]


def listed(owner, query: str):
    """The activities the list page shows for `query` (its query string), in its order."""
    queryset = Activity.objects.visible_to(owner, Perm.VIEW_REGISTRIES)
    found = ActivityFilter(QueryDict(query), queryset=queryset)
    if not found.is_valid():
        raise JobFailed(_("筛选条件有误，请在列表页重新筛选后导出。"))
    return found.qs.order_by("-starts_at", "-pk")


def _row(activity) -> list:
    local = timezone.localtime
    return [
        activity.title,
        activity.get_type_display(),
        f"{local(activity.starts_at):%Y-%m-%d %H:%M}",
        f"{local(activity.ends_at):%Y-%m-%d %H:%M}",
        activity.place,
        activity.unit.name,
        activity.community.name if activity.community else "",
        activity.planned_attendance,
        activity.attended,
    ]


@job_kind("activity_export", size=lambda owner, params: listed(owner, params["query"]).count())
def activity_export(job, progress) -> JobResult:
    queryset = listed(job.owner, job.params["query"])
    total = queryset.count()
    progress(0, total)
    rows = (
        _row(activity)
        for activity in queryset.select_related("unit", "community")
        .annotate(attended=Count("signins"))
        .iterator(chunk_size=2000)
    )
    title = _("活动与会议")
    content = table_workbook(title, _headers(), rows)
    progress(total, total)
    audit_record(
        actor=job.owner,
        action=Action.EXPORT,
        message=_("导出活动与会议列表（%(n)d 行）") % {"n": total},
    )
    return JobResult(
        message=_("共 %(n)d 行。") % {"n": total}, filename=dated_filename(title), content=content
    )
