"""The 好德行 exchange page: the service items in reach, export of every kind (JSON or Excel) and
an upload that first runs as a dry run, then is written on 确认导入."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from gongzhi.core.excel import check_upload_size
from gongzhi.core.jobs import export_response, job_start
from gongzhi.core.models import Job
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedListView, ScopedViewMixin
from gongzhi.exchange.jobs import export_title
from gongzhi.exchange.models import ServiceItem
from gongzhi.exchange.schema import KINDS


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("好德行文件（.json 或 .xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("请上传 .json 或 .xlsx 文件。"))
        check_upload_size(upload.size)
        return upload


class ExchangeHomeView(ScopedListView):
    model = ServiceItem
    permission = Perm.VIEW_REGISTRIES
    template_name = "exchange/home.html"

    def narrow_queryset(self, queryset):
        return queryset.select_related("community")

    def get_context_data(self, **kwargs):
        may_import = self.access.has_perm(Perm.MANAGE_REGISTRIES)
        return super().get_context_data(
            kinds=KINDS.values(), form=UploadForm() if may_import else None, **kwargs
        )


class ExportView(ScopedViewMixin, TemplateView):
    """A 好德行 file of the records in reach: at once when small, else through its job page."""

    permission = Perm.VIEW_REGISTRIES
    http_method_names = ["post"]

    def post(self, request, fmt):
        kind = request.POST.get("kind") or None
        if fmt not in ("json", "xlsx") or (kind is not None and kind not in KINDS):
            raise Http404
        return export_response(
            request,
            kind="haodexing_export",
            title=_("导出%(title)s") % {"title": export_title(kind)},
            params={"fmt": fmt, "kind": kind},
            back_url=reverse("exchange:home"),
        )


def _start(request, *, path: str, name: str, dry_run: bool):
    title = (_("试导入好德行数据：%(name)s") if dry_run else _("导入好德行数据：%(name)s")) % {
        "name": name
    }
    return job_start(
        owner=request.user,
        kind="haodexing_import",
        title=title,
        params={"path": path, "name": name, "dry_run": dry_run},
    )


class ImportView(ScopedViewMixin, TemplateView):
    """The upload: stored, then checked by a dry-run job whose page shows what would change."""

    permission = Perm.MANAGE_REGISTRIES
    http_method_names = ["post"]

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            for error in form.errors.get("file", []):
                messages.error(request, error)
            return redirect("exchange:home")
        upload = form.cleaned_data["file"]
        suffix = ".json" if upload.name.lower().endswith(".json") else ".xlsx"
        path = default_storage.save(f"jobs/input/{uuid.uuid4().hex}{suffix}", upload)
        job = _start(request, path=path, name=upload.name, dry_run=True)
        return redirect(job.get_absolute_url())


class ConfirmView(ScopedViewMixin, TemplateView):
    """The dry run's result and the 确认导入 button; only the dry run's owner confirms it."""

    permission = Perm.MANAGE_REGISTRIES
    template_name = "exchange/confirm.html"

    def is_object_view(self) -> bool:
        return False

    def dry_run(self) -> Job:
        job = get_object_or_404(Job, pk=self.kwargs["pk"], kind="haodexing_import")
        if job.owner_id != self.request.user.pk:
            raise Http404
        if not job.params.get("dry_run") or job.state != Job.State.DONE:
            raise PermissionDenied
        return job

    def get_context_data(self, **kwargs):
        return super().get_context_data(job=self.dry_run(), **kwargs)

    def post(self, request, pk):
        job = self.dry_run()
        if not default_storage.exists(job.params["path"]):
            raise Http404  # already imported
        params = job.params
        job.params = {**params, "dry_run": False, "confirmed": True}
        job.save(update_fields=["params"])
        real = _start(request, path=params["path"], name=params["name"], dry_run=False)
        return redirect(real.get_absolute_url())
