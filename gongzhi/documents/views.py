"""Pages of the reports: a program's reports (generate, download), and the office's Word
templates (upload a replacement, download the one in use, revert to the default)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_record
from gongzhi.core.audited_views import serve_audited_file
from gongzhi.core.jobs import job_start
from gongzhi.core.permissions import OutOfScope
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView
from gongzhi.documents import services
from gongzhi.documents.default_templates import default_path
from gongzhi.documents.jobs import FORMATS
from gongzhi.documents.models import DocumentKind, DocumentTemplate, GeneratedDocument
from gongzhi.documents.subjects import GENERATE, may_generate, subject_of, subjects_for
from gongzhi.orgs.models import Unit
from gongzhi.programs.models import Program

LATEST = 3  # generated files listed per report


class ProgramDocumentsView(ScopedDetailView):
    """The reports the user may generate for the program, each with its latest files."""

    model = Program
    permission = GENERATE
    template_name = "documents/program_documents.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        documents = (
            GeneratedDocument.objects.visible_to(user, GENERATE)
            .filter(program=self.object)
            .select_related("uploaded_by")
        )
        latest: dict = {}
        for document in documents:
            latest.setdefault((document.unit_id, document.kind), []).append(document)
        rows = [
            (subject, latest.get((subject.unit.pk, subject.kind), [])[:LATEST])
            for subject in subjects_for(user, self.object)
        ]
        return super().get_context_data(
            rows=rows,
            formats=list(FORMATS),
            can_manage_templates=self.access.has_perm(Perm.MANAGE_PROGRAMS),
            **kwargs,
        )


class GenerateView(LoginRequiredMixin, View):
    """Start a report's generation in the background and go to its progress page."""

    http_method_names = ["post"]

    def post(self, request, pk, fmt, unit=None):
        program = Program.objects.visible_to(request.user).filter(pk=pk).first()
        if program is None or fmt not in FORMATS:
            raise Http404
        if unit is not None and not Unit.objects.visible_to(request.user).filter(pk=unit).exists():
            raise OutOfScope
        subject = subject_of(program, unit)
        if subject is None:
            raise Http404
        if not may_generate(request.user, subject):
            raise PermissionDenied
        job = job_start(
            owner=request.user,
            kind="report_generate",
            title=_("生成%(title)s（%(format)s）")
            % {"title": subject.title, "format": fmt.upper()},
            params={"program": program.pk, "unit": unit, "format": fmt},
        )
        return redirect(job.get_absolute_url())


class DocumentFileView(ScopedDetailView):
    """A generated report's file; the download is audited."""

    model = GeneratedDocument
    permission = GENERATE

    def get(self, request, *args, **kwargs):
        return serve_audited_file(request, self.get_object(), thumbnail=False)


class OfficeOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not access_for(request.user).has_perm(
            Perm.MANAGE_PROGRAMS
        ):
            raise PermissionDenied
        if "kind" in kwargs and kwargs["kind"] not in DocumentKind.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("报告类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=gettext_lazy("Word 模板（.docx）"))


class TemplatesView(OfficeOnlyMixin, TemplateView):
    """The Word template in use for each report, with a form to replace it."""

    template_name = "documents/templates.html"

    def get_context_data(self, form=None, **kwargs):
        replacements = {t.kind: t for t in DocumentTemplate.objects.select_related("uploaded_by")}
        return super().get_context_data(
            kinds=[(kind, label, replacements.get(kind)) for kind, label in DocumentKind.choices],
            form=form or TemplateUploadForm(),
            **kwargs,
        )

    def post(self, request):
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.template_replace(
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                messages.success(request, _("模板已替换，之后生成的 Word 报告使用新模板。"))
                return redirect("documents:templates")
        return self.render_to_response(self.get_context_data(form=form))


class TemplateDownloadView(OfficeOnlyMixin, View):
    """The template in use: the office's replacement (a stored file) or the default."""

    def get(self, request, kind):
        replacement = DocumentTemplate.objects.filter(kind=kind).first()
        if replacement is not None:
            return serve_audited_file(request, replacement, thumbnail=False)
        filename = _("%(kind)s-默认模板.docx") % {"kind": DocumentKind(kind).label}
        audit_record(
            actor=request.user,
            action=Action.DOWNLOAD,
            message=_("下载文件：%(name)s") % {"name": filename},
        )
        response = HttpResponse(default_path(kind).read_bytes(), content_type=services.DOCX)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class TemplateRevertView(OfficeOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, kind):
        services.template_revert(actor=request.user, kind=kind)
        messages.success(request, _("已恢复默认模板。"))
        return redirect(reverse("documents:templates"))
