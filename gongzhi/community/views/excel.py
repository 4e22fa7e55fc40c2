"""Excel pages of the registries: export, import (both as background jobs) and the template."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from gongzhi.community.registries import REGISTRIES
from gongzhi.core.excel import table_workbook, xlsx_response
from gongzhi.core.forms import XlsxFileField
from gongzhi.core.jobs import job_start
from gongzhi.core.roles import Perm
from gongzhi.core.views import ScopedViewMixin


class RegistryMixin(ScopedViewMixin):
    """The registry named in the URL; its model decides the scope."""

    def dispatch(self, request, *args, **kwargs):
        if kwargs["registry"] not in REGISTRIES:
            raise Http404
        self.registry = REGISTRIES[kwargs["registry"]]
        self.label, self.model = self.registry.label, self.registry.model
        return super().dispatch(request, *args, **kwargs)

    def is_object_view(self) -> bool:
        return False


class RegistryExportView(RegistryMixin, FormView):
    permission = Perm.VIEW_REGISTRIES
    http_method_names = ["post"]
    form_class = forms.Form

    def post(self, request, *args, **kwargs):
        job = job_start(
            owner=request.user,
            kind="registry_export",
            title=_("导出%(label)s") % {"label": self.label},
            params={"registry": self.kwargs["registry"]},
        )
        return redirect(job.get_absolute_url())


class UploadForm(forms.Form):
    file = XlsxFileField(label=_("Excel 文件（.xlsx）"))


class RegistryImportView(RegistryMixin, FormView):
    permission = Perm.MANAGE_REGISTRIES
    form_class = UploadForm
    template_name = "community/registry_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            label=self.label, registry=self.kwargs["registry"], **kwargs
        )

    def form_valid(self, form):
        path = default_storage.save(
            f"jobs/input/{uuid.uuid4().hex}.xlsx", form.cleaned_data["file"]
        )
        job = job_start(
            owner=self.request.user,
            kind="registry_import",
            title=_("导入%(label)s：%(name)s")
            % {"label": self.label, "name": form.cleaned_data["file"].name},
            params={"registry": self.kwargs["registry"], "path": path},
        )
        return redirect(job.get_absolute_url())


@login_required
def registry_template(request, registry):
    """An empty workbook with the registry's Chinese column headers."""
    if registry not in REGISTRIES:
        raise Http404
    spec = REGISTRIES[registry]
    content = table_workbook(str(spec.label), spec.headers, [])
    return xlsx_response(content, str(_("%(registry)s导入模板.xlsx") % {"registry": spec.label}))
