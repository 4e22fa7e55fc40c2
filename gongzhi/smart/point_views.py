"""Uploading the map's places (一张图 points) as GeoJSON or Excel: checked whole, errors by
feature or by row and column, dry run, all or nothing."""

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.excel import check_upload_size, check_xlsx, read_rows, xlsx_response
from gongzhi.smart import point_sheet
from gongzhi.smart.map_imports import MapFileImportView
from gongzhi.smart.points import geojson_entries, import_points


def _entries(upload) -> list:
    check_upload_size(upload.size)
    if upload.name.lower().endswith(".xlsx"):
        check_xlsx(upload)
        return point_sheet.sheet_entries(read_rows(upload))
    try:
        document = json.loads(upload.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(_("文件不是有效的 GeoJSON（JSON）。")) from error
    return geojson_entries(document)


class PointImportForm(forms.Form):
    """A file of places: GeoJSON (.geojson / .json) or the Excel template (.xlsx)."""

    file = forms.FileField(label=gettext_lazy("点位文件（GeoJSON 或 Excel）"))
    gcj02 = forms.BooleanField(
        label=gettext_lazy("坐标为 GCJ-02（国内网络地图坐标），导入时转换为 WGS-84"), required=False
    )
    dry_run = forms.BooleanField(label=gettext_lazy("只检查，不导入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".geojson", ".json", ".xlsx")):
            raise ValidationError(_("请上传 .geojson、.json 或 .xlsx 文件。"))
        return _entries(upload)


class PointImportView(MapFileImportView):
    template_name = "smart/point_import.html"
    form_class = PointImportForm
    checked_message = gettext_lazy("检查通过：可导入 %(count)s 个点位。")
    done_message = gettext_lazy("已导入 %(count)s 个点位。")

    def run(self, actor, data) -> int:
        return import_points(
            actor=actor, entries=data["file"], gcj02=data["gcj02"], dry_run=data["dry_run"]
        )


@login_required
def point_template(request):
    """The blank places template with an example and notes (no data: anyone signed in)."""
    return xlsx_response(point_sheet.template(), str(_("地图点位导入模板.xlsx")))
