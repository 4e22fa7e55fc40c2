"""Excel pages: the ledger download and the program template import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedFormView
from gongzhi.programs.document import DocumentError
from gongzhi.programs.excel import TemplateReader, ledger_workbook, template_workbook
from gongzhi.programs.models import Program, Task
from gongzhi.programs.selectors import lead_and_co, ledger_tasks
from gongzhi.programs.services import program_import
from gongzhi.progress.models import Report, ReviewEvent

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _ledger_rows(user, program):
    tasks = ledger_tasks(program, Task.objects.visible_to(user))
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
            f"{event.actor_unit.name}：{event.comment}"
        )
    rows = []
    for task in tasks:
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
                "状态": task.status.label,
                "最新进展": latest.get(task.pk, ""),
                "佐证材料数": files.get(task.pk, 0),
                "审核意见": "\n".join(comments.get(task.pk, [])),
            }
        )
    return rows


class LedgerExportView(ScopedDetailView):
    """The 台账 as an Excel file, one row per task or item the user may see."""

    model = Program
    permission = Perm.VIEW_PROGRAMS

    def object_units(self, obj):
        return []

    def get(self, request, *args, **kwargs):
        program = self.get_object()
        rows = _ledger_rows(request.user, program)
        audit_record(
            actor=request.user,
            action=Action.EXPORT,
            obj=program,
            message=f"导出工作台账（{len(rows)} 行）",
        )
        return xlsx_response(ledger_workbook(program, rows), f"{program.code}-ledger.xlsx")


@login_required
def template_download(request):
    """The blank program template with an example (no data in it: anyone signed in may take it)."""
    return xlsx_response(template_workbook(), "program-template.xlsx")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("项目模板（.xlsx）"))


class ProgramImportView(ScopedFormView):
    """A county starts (or updates) its program from the filled template: all rows or none."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    form_class = ImportForm
    template_name = "programs/program_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            reader = TemplateReader(upload.read())
        except DocumentError as error:
            return self._show_errors(form, error.errors)
        try:
            program, changes = program_import(
                actor=self.request.user, document=reader.document(), source=upload.name
            )
        except DocumentError as error:
            return self._show_errors(form, reader.locate(error.errors))
        messages.success(self.request, _("导入完成：%(n)d 处变更。") % {"n": changes})
        return redirect(program.get_absolute_url())

    def _show_errors(self, form, errors):
        return self.render_to_response(self.get_context_data(form=form, errors=errors))
