"""Excel pages: the program template and its import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core.excel import xlsx_response
from gongzhi.core.forms import XlsxFileField
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedFormView
from gongzhi.programs.document import DocumentError
from gongzhi.programs.excel import TemplateReader, template_workbook
from gongzhi.programs.models import Program
from gongzhi.programs.services import program_import


@login_required
def template_download(request):
    """The blank program template with an example (no data in it: anyone signed in may take it)."""
    return xlsx_response(template_workbook(), "program-template.xlsx")


class ImportForm(forms.Form):
    file = XlsxFileField(label=_("项目模板（.xlsx）"))


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
