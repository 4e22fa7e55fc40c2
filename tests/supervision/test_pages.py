"""The supervision pages: the third party records a visit with an item, the agency fixes it,
the third party closes it; a report goes from the third party through the street to the office."""

from django.urls import reverse

from gongzhi.core.roles import Role
from gongzhi.supervision.models import Rectification, SupervisionReport


def test_a_visit_and_its_item_through_the_pages(client, assignment, evaluator, users, tree):
    client.force_login(evaluator)
    listed = client.get(reverse("supervision:assignment-list"))
    assert list(listed.context["object_list"]) == [assignment]
    response = client.post(
        reverse("supervision:visit-create", args=[assignment.pk]),
        {
            "date": "2024-06-03",
            "findings": "台账不全",
            "item_what": "补齐服务台账",
            "item_owner": str(tree.agency_a.pk),
            "item_due_on": "2024-06-30",
        },
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


def test_an_item_without_owner_or_due_date_is_refused_by_name(client, assignment, evaluator):
    client.force_login(evaluator)
    response = client.post(
        reverse("supervision:visit-create", args=[assignment.pk]),
        {"date": "2024-06-03", "findings": "台账不全", "item_what": "补齐台账"},
    )
    assert response.status_code == 200
    assert "整改单位和整改期限" in response.text
    assert not Rectification.objects.exists()


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
