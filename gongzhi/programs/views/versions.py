"""Editing a live program: its versions, uploading a new one, the changes it would make, and
applying them once the office confirms."""

import json

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from gongzhi.core.audit import Action, audit_record
from gongzhi.core.jobs import job_start
from gongzhi.core.models import Job
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedDetailView, ScopedObjectFormView
from gongzhi.programs import uploads
from gongzhi.programs.models import Program
from gongzhi.programs.views.excel import UploadForm, start_preview


class ProgramVersionsView(ScopedObjectFormView):
    """Every version of the program (number, date, who, changes) and the upload of a new one."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    form_class = UploadForm
    template_name = "programs/program_versions.html"

    def get_context_data(self, **kwargs):
        versions = self.object.versions.select_related("created_by").order_by("-number")
        return super().get_context_data(versions=versions, **kwargs)

    def form_valid(self, form):
        return start_preview(self.request, form.cleaned_data["file"], program=self.object)


class VersionDocumentView(ScopedDetailView):
    """One stored version's document, as JSON."""

    model = Program
    permission = Perm.MANAGE_PROGRAMS
    changes = True

    def render_to_response(self, context, **kwargs):
        program = self.object
        version = get_object_or_404(program.versions, number=self.kwargs["number"])
        audit_record(
            actor=self.request.user,
            action=Action.EXPORT,
            obj=program,
            message=_("下载项目文件第 %(version)d 版（JSON）") % {"version": version.number},
        )
        content = json.dumps(version.document, ensure_ascii=False, indent=2)
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        filename = f"{program.code}-v{version.number}.json"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response


class OwnPreviewMixin(LoginRequiredMixin):
    """A preview is its owner's alone (like every job): anyone else gets 404."""

    def get_preview(self) -> Job:
        return get_object_or_404(
            Job,
            pk=self.kwargs["pk"],
            owner=self.request.user,
            kind="program_preview",
            state=Job.State.DONE,
        )


class UploadPreviewView(OwnPreviewMixin, TemplateView):
    """What the upload would change, by kind and by 新增 / 修改 / 删除; 确认更新 applies it."""

    template_name = "programs/upload_preview.html"

    def get_context_data(self, **kwargs):
        job = self.get_preview()
        pending = uploads.read_pending(job.pk)
        code = (pending or {}).get("document", {}).get("code", "")
        program = None
        if pending:  # the program the document updates (None for a new one)
            program = Program.objects.visible_to(self.request.user).filter(code=code).first()
            if pending["program"] and (program is None or program.pk != pending["program"]):
                raise Http404
        changes = uploads.grouped_changes(pending["changes"]) if pending else []
        return super().get_context_data(
            job=job,
            pending=pending,
            program=program,
            code=code,
            groups=changes,
            total=len(pending["changes"]) if pending else 0,
            reported=sum(1 for row in (pending or {}).get("changes", []) if row[3]),
            **kwargs,
        )


class UploadApplyView(OwnPreviewMixin, View):
    """确认更新: apply the previewed document in the background."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        preview = self.get_preview()
        job = job_start(
            owner=request.user,
            kind="program_apply",
            title=_("更新项目：%(file)s") % {"file": preview.params.get("source", "")},
            params={"preview": preview.pk},
        )
        return redirect(job.get_absolute_url())
