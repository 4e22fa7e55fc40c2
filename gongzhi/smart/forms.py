import json

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


MAX_BOUNDARY_FILE = 5 * 1024 * 1024


class BoundaryImportForm(forms.Form):
    """A GeoJSON FeatureCollection of unit boundaries (read and parsed here, checked by the
    service)."""

    file = forms.FileField(label=_("GeoJSON 文件"))
    gcj02 = forms.BooleanField(label=_("坐标为 GCJ-02（国内网络地图坐标），导入时转换为 WGS-84"),
                               required=False)  # fmt: skip
    dry_run = forms.BooleanField(label=_("只检查，不导入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BOUNDARY_FILE:
            raise forms.ValidationError(_("文件过大（最多 5 MB）。"))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise forms.ValidationError(_("文件不是有效的 GeoJSON（JSON）。")) from error
