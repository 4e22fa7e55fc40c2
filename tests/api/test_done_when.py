"""The issue's "done when": an integration with a read-write token lists 西城's items with their
actuals, submits a report with a file, and the street approves it through the API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gongzhi.core.models import AuditEntry
from gongzhi.orgs.models import Unit
from gongzhi.progress.models import Report
from tests.api.conftest import token_client, token_for

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_items_report_with_file_and_street_approval(demo, demo_users):
    xicheng = Unit.objects.get(name="西城社区")
    community, street = demo_users["community"], demo_users["street"]
    _token, key = token_for(community, {"programs": "read", "progress": "write"})
    client = token_client(key)

    items = client.get("/api/v1/items/", {"community": xicheng.pk}).json()["results"]
    assert items and all(item["community"] == xicheng.pk for item in items)
    item = next(i for i in items if i["targets"])
    assert {"actual", "met", "counted"} <= set(item["targets"][0])

    upload = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = client.post(
        "/api/v1/reports/",
        {
            "task": item["id"],
            "unit": xicheng.pk,
            "text": "已完成",
            "files": [upload],
            "submit": "true",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    report = response.json()
    assert report["state"] == "pending" and report["evidence"][0]["name"] == "现场.png"

    _street_token, street_key = token_for(street, {"progress": "write"})
    approved = token_client(street_key).post(
        f"/api/v1/reports/{report['id']}/approve/", {"comment": "同意"}, format="json"
    )
    assert approved.status_code == 200, approved.json()
    assert Report.objects.get(pk=report["id"]).stage == 1  # on to the office
    assert AuditEntry.objects.filter(
        action="transition", actor=street, actor_label__contains="接口令牌"
    ).exists()
