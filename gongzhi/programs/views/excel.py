"""Program files: the blank template, a program in the template, and uploading a document
(JSON or the filled template) for a new program."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.excel import check_upload_size, check_xlsx, dated_filename, xlsx_response
from gongzhi.core.jobs import job_start
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedFormView
from gongzhi.programs.document import DocumentError
from gongzhi.programs.excel import program_workbook, template_workbook
from gongzhi.programs.models import Program
from gongzhi.programs.uploads import is_json, parse_json


@login_required
def template_download(request):
    """The blank program template with an example (no data in it: anyone signed in may take it)."""
    return xlsx_response(template_workbook(), str(_("项目导入模板.xlsx")))


class ProgramFileField(forms.FileField):
    """A program document: JSON, or the Excel template (checked like every Excel upload)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".json,.xlsx"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        check_upload_size(upload.size)
        if not is_json(upload.name):
            check_xlsx(upload)
            return upload
        try:
            parse_json(upload.read())
        except DocumentError as error:
            raise ValidationError(error.errors) from error
        finally:
            upload.seek(0)
        return upload


class UploadForm(forms.Form):
    file = ProgramFileField(
        label=_("项目文件（JSON 或 Excel 模板 .xlsx）"),
        help_text=_("上传后先显示将要发生的变更，确认后才会写入。"),
    )


def start_preview(request, upload, program=None):
    """Store the upload and start its preview; the job's page follows."""
    extension = "json" if is_json(upload.name) else "xlsx"
    path = default_storage.save(f"jobs/input/{uuid.uuid4().hex}.{extension}", upload)
    title = _("检查项目文件：%(file)s") % {"file": upload.name}
    job = job_start(
        owner=request.user,
        kind="program_preview",
        title=title,
        params={"path": path, "source": upload.name, "program": program.pk if program else None},
        retry_url=request.path,
    )
    return redirect(job.get_absolute_url())


class ProgramImportView(ScopedFormView):
    """A county starts (or updates) its program from a document (JSON or the filled template):
    checked by the background worker, shown as the changes it makes, written once confirmed."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    form_class = UploadForm
    template_name = "programs/program_import.html"

    def form_valid(self, form):
        return start_preview(self.request, form.cleaned_data["file"])


class ProgramWorkbookView(ScopedDetailView):
    """The program in the template's sheets, for the office to edit and upload again."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    changes = True  # only those who may change the program take its full document

    def render_to_response(self, context, **kwargs):
        program = self.object
        audit_record(
            actor=self.request.user,
            action=Action.EXPORT,
            obj=program,
            message=_("导出项目文件（Excel，第 %(version)d 版）") % {"version": program.version},
        )
        return xlsx_response(program_workbook(program), dated_filename(program.name))
