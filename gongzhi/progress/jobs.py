"""Background work of the progress app: the 台账 export."""

from django.db.models import Count
from django.utils.translation import gettext as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import dated_filename
from gongzhi.core.jobs import JobFailed, JobResult, job_kind
from gongzhi.programs.excel import ledger_workbook
from gongzhi.programs.models import Program, Task
from gongzhi.programs.selectors import lead_and_co
from gongzhi.progress.ledger import ledger_tasks
from gongzhi.progress.models import Report, ReviewEvent


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
    reports = (
        Report.objects.visible_to(user)
        .filter(task__in=tasks)
        .exclude(state=Report.State.DRAFT)
        .annotate(files=Count("evidence"))
        .order_by("task_id", "-submitted_at")
    )
    latest, files = {}, {}
    for report in reports:
        latest.setdefault(report.task_id, report.text)
        files[report.task_id] = files.get(report.task_id, 0) + report.files
    comments = {}
    events = (
        ReviewEvent.objects.filter(report__in=reports)
        .exclude(comment="")
        .select_related("actor_unit", "report")
        .order_by("at")
    )
    for event in events:
        comments.setdefault(event.report.task_id, []).append(
            _("%(unit)s：%(comment)s") % {"unit": event.actor_unit.name, "comment": event.comment}
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
