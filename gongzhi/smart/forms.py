import json

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.kinds import COMMUNITY_KINDS
from gongzhi.core.roles import Perm
from gongzhi.orgs.forms import ScopedModelForm
from gongzhi.smart.models import ElevatorDevice, GridWorker
from gongzhi.smart.services import wgs84_point


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


class DeviceForm(ScopedModelForm):
    """An elevator: its community among those the user keeps, its place in WGS-84 (or GCJ-02,
    converted when saved)."""

    unit_fields = {"community": COMMUNITY_KINDS}
    permission = Perm.MANAGE_DEVICES

    gcj02 = forms.BooleanField(label=_("坐标为 GCJ-02（国内网络地图坐标），保存时转换为 WGS-84"),
                               required=False)  # fmt: skip

    class Meta:
        model = ElevatorDevice
        fields = ["community", "building", "name", "registration_code", "latitude", "longitude"]
        help_texts = {
            "registration_code": _("电梯注册代码（设备报文中的 registration_code），不可重复。"),
        }

    def _post_clean(self):
        super()._post_clean()
        point = wgs84_point(
            self.cleaned_data.get("latitude"),
            self.cleaned_data.get("longitude"),
            gcj02=self.cleaned_data.get("gcj02", False),
        )
        self.instance.latitude, self.instance.longitude = point


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("停用原因"), max_length=200)


class GridWorkerForm(forms.ModelForm):
    class Meta:
        model = GridWorker
        fields = ["name", "phone"]
