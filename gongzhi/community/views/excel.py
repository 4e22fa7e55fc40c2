"""Excel pages of the registries: export, import (both as background jobs) and the template."""

import uuid

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from gongzhi.community.import_template import registry_template as template_workbook
from gongzhi.community.registries import REGISTRIES
from gongzhi.core.excel import xlsx_response
from gongzhi.core.forms import XlsxFileField
from gongzhi.core.jobs import export_response, job_start
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
        return export_response(
            request,
            kind="registry_export",
            title=_("导出%(label)s") % {"label": self.label},
            params={"registry": self.kwargs["registry"]},
            back_url=reverse(self.registry.list_url),
        )


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
            retry_url=self.request.path,
        )
        return redirect(job.get_absolute_url())


@login_required
def registry_template(request, registry):
    """The registry's Chinese column headers, an example row and the 说明 sheet."""
    if registry not in REGISTRIES:
        raise Http404
    spec = REGISTRIES[registry]
    content = template_workbook(spec)
    return xlsx_response(content, str(_("%(registry)s导入模板.xlsx") % {"registry": spec.label}))
