"""一张图's places from the Excel template: filled in, checked by row and column, all or
nothing, uploaded on the page (GeoJSON too)."""

import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.excel import workbook_bytes
from gongzhi.smart.models import MapPoint

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filled(client, user, rows) -> bytes:
    """The template as downloaded, its example row kept, `rows` added below it."""
    client.force_login(user)
    template = client.get(reverse("smart:point-template"))
    book = load_workbook(io.BytesIO(template.content))
    for row in rows:
        book.active.append(row)
    return workbook_bytes(book)


def _upload(client, user, content: bytes, name="点位.xlsx", **options):
    client.force_login(user)
    upload = SimpleUploadedFile(name, content, XLSX)
    return client.post(reverse("smart:point-import"), {"file": upload, **options})


def test_the_template_filled_in_imports_its_rows_and_skips_the_example(
    client, tree, community_user
):
    rows = [
        ["社区AED", "应急资源", "AED", "甲一社区", 30.97912, 104.26841],
        ["甲一菜场", "living", "菜场", "甲一社区", "30.98", "104.27"],
    ]
    content = _filled(client, community_user, rows)
    checked = _upload(client, community_user, content, dry_run="on")
    assert "可导入 2 个点位" in checked.content.decode()
    assert not MapPoint.objects.exists()
    assert _upload(client, community_user, content).status_code == 302
    stored = {(p.name, p.layer, str(p.latitude)) for p in MapPoint.objects.all()}
    assert stored == {("社区AED", "emergency", "30.979120"), ("甲一菜场", "living", "30.980000")}


def test_wrong_rows_are_named_by_row_and_column_and_nothing_is_imported(
    client, tree, community_user
):
    rows = [
        ["社区AED", "应急资源", "AED", "甲一社区", 30.97912, 104.26841],
        ["", "商店", "AED", "乙一社区", "北纬30度", 104.2],
    ]
    page = _upload(client, community_user, _filled(client, community_user, rows))
    text = page.content.decode()
    for place in ("第4行“名称”", "第4行“图层”", "第4行“所在单位”", "第4行“纬度/经度”"):
        assert place in text
    assert "第3行" not in text  # the good row is not blamed
    assert not MapPoint.objects.exists()


def test_a_sheet_without_the_columns_is_refused(client, tree, community_user):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["名称", "经度"])
    text = _upload(client, community_user, workbook_bytes(book)).content.decode()
    assert "缺少列：图层、类别、所在单位、纬度" in text


def test_geojson_uploads_on_the_same_page(client, tree, community_user):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [104.26841, 30.97912]},
                "properties": {"name": "避难场所", "layer": "emergency", "kind": "避难场所",
                               "unit": "甲一社区"},
            }
        ],
    }  # fmt: skip
    content = json.dumps(document, ensure_ascii=False).encode()
    assert _upload(client, community_user, content, name="p.geojson").status_code == 302
    assert MapPoint.objects.get().name == "避难场所"
    refused = _upload(client, community_user, b"x", name="p.csv").content.decode()
    assert "请上传 .geojson、.json 或 .xlsx 文件" in refused
