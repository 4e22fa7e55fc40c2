"""The supervision pages: the third party records a visit with its items and photos, the
agency fixes an item, the third party closes it; a report (with its files) goes from the third
party through the street to the office; the office or the buyer assigns and ends third parties."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Role
from gongzhi.supervision.models import (
    Rectification,
    ReportFile,
    SupervisionAssignment,
    SupervisionReport,
    Visit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _rows(*rows, total=3):
    """The visit form's item rows as posted: (what, owner pk, due date); the rest left empty."""
    data = {"items-TOTAL_FORMS": str(total), "items-INITIAL_FORMS": "0"}
    for index, (what, owner, due_on) in enumerate(rows):
        data |= {
            f"items-{index}-what": what,
            f"items-{index}-owner": str(owner),
            f"items-{index}-due_on": due_on,
        }
    return data


def test_a_visit_and_its_item_through_the_pages(client, assignment, evaluator, users, tree):
    client.force_login(evaluator)
    listed = client.get(reverse("supervision:assignment-list"))
    assert list(listed.context["object_list"]) == [assignment]
    response = client.post(
        reverse("supervision:visit-create", args=[assignment.pk]),
        {"date": "2024-06-03", "findings": "台账不全"}
        | _rows(("补齐服务台账", tree.agency_a.pk, "2024-06-30")),
    )
    item = Rectification.objects.get()
    assert response.url == item.visit.get_absolute_url()
    page = client.get(response.url)
    assert "已逾期" in page.text  # 2024-06-30 has passed
    client.force_login(users[Role.AGENCY])
    client.post(reverse("supervision:item-fix", args=[item.pk]), {"fix": "已补齐"})
    client.force_login(evaluator)
    client.post(reverse("supervision:item-confirm", args=[item.pk]), {"decision": "close"})
    item.refresh_from_db()
    assert item.state == Rectification.State.CLOSED
    assert "已逾期" not in client.get(item.get_absolute_url()).text


def test_an_item_without_owner_or_due_date_is_refused_by_its_row(
    client, assignment, evaluator, tree
):
    client.force_login(evaluator)
    data = {"date": "2024-06-03", "findings": "台账不全"} | _rows(
        ("补齐台账", tree.agency_a.pk, "2024-06-30"), ("照片归档", "", "")
    )
    response = client.post(reverse("supervision:visit-create", args=[assignment.pk]), data)
    assert response.status_code == 200
    assert "第 2 项整改事项" in response.text and "整改单位" in response.text
    assert not Visit.objects.exists() and not Rectification.objects.exists()


def test_a_visit_with_several_items_and_photos(client, assignment, evaluator, tree):
    client.force_login(evaluator)
    url = reverse("supervision:visit-create", args=[assignment.pk])
    assert len(client.get(url).context["items"].forms) == 3
    rows = (
        ("补齐服务台账", tree.agency_a.pk, "2024-06-30"),
        ("活动照片按次归档", tree.agency_a.pk, "2024-07-15"),
        ("提供社工室钥匙", tree.community_a1.pk, "2024-06-20"),
        ("更新服务对象名册", tree.agency_a.pk, "2024-07-31"),
    )
    added = client.post(url, {"date": "2024-06-03", "add_row": "1"} | _rows(*rows[:3]))
    assert len(added.context["items"].forms) == 4  # one more row, nothing saved yet
    assert not added.context["form"].errors and not Visit.objects.exists()
    data = {"date": "2024-06-03", "findings": "台账不全", "files": [_pdf("签到表.pdf")]}
    response = client.post(url, data | _rows(*rows, total=5))
    visit = Visit.objects.get()
    assert response.url == visit.get_absolute_url()
    saved = [(i.what, i.owner_id, i.due_on.isoformat()) for i in visit.items.order_by("pk")]
    assert saved == [(what, owner, due) for what, owner, due in rows]
    stored = visit.files.get()
    page = client.get(visit.get_absolute_url())
    download = reverse("supervision:visit-file", args=[stored.pk])
    assert download in page.text and page.text.count('data-testid="item"') == 4
    assert b"".join(client.get(download).streaming_content) == PDF
    assert AuditEntry.objects.filter(object_id=str(stored.pk), action=Action.DOWNLOAD).exists()


def test_a_report_keeps_its_files(client, assignment, evaluator):
    client.force_login(evaluator)
    client.post(
        reverse("supervision:report-create", args=[assignment.pk]),
        {"kind": "audit", "text": "账目清楚", "files": [_pdf("审计报告.pdf")]},
    )
    stored = ReportFile.objects.get()
    page = client.get(stored.report.get_absolute_url())
    assert reverse("supervision:report-file", args=[stored.pk]) in page.text


def test_the_office_assigns_and_ends_a_third_party(client, project, users, tree):
    office = users[Role.PROGRAM_OFFICE]
    client.force_login(office)
    assert (
        reverse("supervision:assign", args=[project.pk])
        in client.get(project.get_absolute_url()).text
    )
    url = reverse("supervision:assign", args=[project.pk])
    choices = list(client.get(url).context["form"].fields["third_party"].queryset)
    assert tree.evaluator_a in choices and tree.agency_a not in choices
    client.post(url, {"third_party": tree.evaluator_a.pk})
    assignment = SupervisionAssignment.objects.get()
    assert assignment.is_active and assignment.third_party == tree.evaluator_a
    end = reverse("supervision:assignment-end", args=[assignment.pk])
    client.post(end, {"reason": ""})
    assignment.refresh_from_db()
    assert assignment.is_active  # a reason is required
    client.post(end, {"reason": "合同期满"})
    assignment.refresh_from_db()
    assert not assignment.is_active and assignment.end_reason == "合同期满"
    entry = AuditEntry.objects.filter(action=Action.TRANSITION).latest("pk")
    assert entry.message == "合同期满" and entry.object_id == str(assignment.pk)
    client.force_login(users[Role.THIRD_PARTY])
    visit = reverse("supervision:visit-create", args=[assignment.pk])
    assert client.get(visit).status_code == 403  # an ended assignment takes no more visits
    client.force_login(office)
    client.post(url, {"third_party": tree.evaluator_a.pk})  # assigned again
    assignment.refresh_from_db()
    assert assignment.is_active and SupervisionAssignment.objects.count() == 1


def test_a_report_through_the_pages(client, assignment, evaluator, users):
    client.force_login(evaluator)
    client.post(
        reverse("supervision:report-create", args=[assignment.pk]),
        {"kind": "midterm", "score": "88.5", "text": "执行规范", "submit": "1"},
    )
    report = SupervisionReport.objects.get()
    review = reverse("supervision:report-review", args=[report.pk])
    client.force_login(users[Role.STREET])
    client.post(review, {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.state == "pending"  # a send-back without a comment is refused
    client.post(review, {"decision": "return", "comment": "补充依据"})
    client.force_login(evaluator)
    edit = reverse("supervision:report-edit", args=[report.pk])
    client.post(edit, {"score": "90", "text": "补充了依据", "submit": "1"})
    client.force_login(users[Role.STREET])
    client.post(review, {"decision": "approve"})
    client.force_login(users[Role.PROGRAM_OFFICE])
    client.post(review, {"decision": "approve"})
    report.refresh_from_db()
    assert report.state == "approved" and str(report.score) == "90.00"
    client.force_login(evaluator)
    assert client.get(edit).status_code == 403  # locked


def test_the_project_page_links_to_its_supervision(client, assignment, users):
    client.force_login(users[Role.COMMUNITY])
    page = client.get(assignment.project.get_absolute_url())
    link = f"{reverse('supervision:assignment-list')}?project={assignment.project.pk}"
    assert link in page.text
    assert list(client.get(link).context["object_list"]) == [assignment]
