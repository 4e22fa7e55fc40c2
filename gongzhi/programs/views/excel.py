"""Excel pages: the program template and its import."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core.excel import xlsx_response
from gongzhi.core.forms import XlsxFileField
from gongzhi.core.jobs import job_start
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedFormView
from gongzhi.programs.excel import template_workbook
from gongzhi.programs.models import Program


@login_required
def template_download(request):
    """The blank program template with an example (no data in it: anyone signed in may take it)."""
    return xlsx_response(template_workbook(), "program-template.xlsx")


class ImportForm(forms.Form):
    file = XlsxFileField(label=_("项目模板（.xlsx）"))


class ProgramImportView(ScopedFormView):
    """A county starts (or updates) its program from the filled template: checked and written
    by the background worker, all rows or none."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    form_class = ImportForm
    template_name = "programs/program_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        path = default_storage.save(f"jobs/input/{uuid.uuid4().hex}.xlsx", upload)
        job = job_start(
            owner=self.request.user,
            kind="program_import",
            title=_("导入项目：%(file)s") % {"file": upload.name},
            params={"path": path, "source": upload.name},
        )
        return redirect(job.get_absolute_url())
