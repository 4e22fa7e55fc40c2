"""Background work of the progress app: the 台账 export."""

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import dated_filename
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.programs.excel import ledger_workbook
from gongzhi.programs.models import Program, Task
from gongzhi.programs.selectors import lead_and_co
from gongzhi.progress.ledger import ledger_tasks
from gongzhi.progress.models import Evidence, Report, ReviewEvent


def ledger_size(owner, params) -> int:
    """The rows of the 台账: the program's tasks and items the owner may see."""
    return Task.objects.visible_to(owner).filter(program_id=params["program"]).count()


@job_kind("ledger_export", size=ledger_size)
def ledger_export(job, progress) -> JobResult:
    """The 台账 as an Excel file, one row per task or item the job's owner may see."""
    program = Program.objects.visible_to(job.owner).filter(pk=job.params["program"]).first()
    if program is None:
        raise JobFailed(_("项目不存在或不在您的范围内。"))
    rows = ledger_rows(job.owner, program, progress)
    audit_record(
        actor=job.owner,
        action=Action.EXPORT,
        obj=program,
        message=_("导出工作台账（%(n)d 行）") % {"n": len(rows)},
    )
    return JobResult(
        message=_("共 %(n)d 行。") % {"n": len(rows)},
        filename=dated_filename(_("%(program)s台账") % {"program": program.name}),
        content=ledger_workbook(program, rows),
    )


def _latest_reports(user, tasks):
    """Per task, from its submitted reports the user may see: the latest one's text, the number
    of evidence files and the review comments. The database picks the latest text and counts
    the files, so the rows read grow with the tasks and comments, not with the reports."""
    ids = [task.pk for task in tasks]
    submitted = Report.objects.visible_to(user).exclude(state=Report.State.DRAFT)
    reports = submitted.filter(task_id__in=ids)
    # per task, without the list of ids (the database would test it against every report read),
    # the first dated entry of the index report_task_latest
    newest = submitted.filter(task=OuterRef("pk"), submitted_at__isnull=False).order_by(
        "-submitted_at", "-pk"
    )
    latest = dict(
        Task.objects.filter(pk__in=ids)
        .annotate(latest=Subquery(newest.values("text")[:1]))
        .exclude(latest=None)
        .values_list("pk", "latest")
    )
    files = dict(
        Evidence.objects.filter(report__in=reports.values("pk"))
        .order_by()
        .values("report__task_id")
        .annotate(n=Count("pk"))
        .values_list("report__task_id", "n")
    )
    comments = {}
    events = (
        ReviewEvent.objects.filter(report__in=reports.values("pk"))
        .exclude(comment="")
        .order_by("at", "pk")
        .values_list("report__task_id", "actor_unit__name", "comment")
    )
    for task_id, unit, comment in events:
        comments.setdefault(task_id, []).append(
            _("%(unit)s：%(comment)s") % {"unit": unit, "comment": comment}
        )
    return latest, files, comments


def ledger_rows(user, program, progress=None) -> list[dict]:
    tasks = ledger_tasks(program, Task.objects.visible_to(user))
    latest, files, comments = _latest_reports(user, tasks)
    rows = []
    for index, task in enumerate(tasks, start=1):
        leads, cos = lead_and_co(task)
        rows.append(
            {
                "类别": task.get_kind_display(),
                "编号": task.number,
                "任务内容": task.text,
                "特色社区": task.pilot.community.name if task.pilot else "",
                "牵头单位": "、".join(u.name for u in leads),
                "配合单位": "、".join(u.name for u in cos),
                "完成时限": task.due,
                "状态": str(task.status.label),
                "最新进展": latest.get(task.pk, ""),
                "佐证材料数": files.get(task.pk, 0),
                "审核意见": "\n".join(comments.get(task.pk, [])),
            }
        )
        if progress:
            progress(index, len(tasks))
    return rows
