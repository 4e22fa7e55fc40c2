"""The done-when scenario through the pages: 西城社区 reports on item 4 with photos, 雒城街道 sends
it back, the community resubmits, the street and then 市民政局 approve; the cockpit and the
public page show it."""

from django.urls import reverse

from gongzhi.progress.models import Report
from tests.progress.helpers import photo


def _review(client, report, decision, comment=""):
    return client.post(
        reverse("progress:report-review", args=[report.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


def _hold_meetings(demo_users, count):
    import datetime

    from django.utils import timezone

    from gongzhi.activities.models import Activity
    from gongzhi.orgs.models import Unit

    xicheng = Unit.objects.get(name="西城社区")
    start = timezone.now() - datetime.timedelta(days=30)
    for n in range(count):
        Activity.objects.create(
            title=f"第{n + 1}期供需对接会",
            type="supply_demand",
            unit=xicheng,
            community=xicheng,
            starts_at=start + datetime.timedelta(days=n),
            ends_at=start + datetime.timedelta(days=n, hours=2),
            place="社区综合体",
            created_by=demo_users["community"],
        )


def _work(home, source):
    """The links of one source of the home page's to-dos."""
    return [
        item.url
        for group in home.context["work"]
        if group.name == source
        for item in group.work.items
    ]


def test_item_4_from_report_to_public_page(client, demo, demo_users, item4, in_spring_2024):
    target = item4.targets.get()
    _hold_meetings(demo_users, 4)
    client.force_login(demo_users["community"])
    page = client.get(reverse("progress:task-detail", args=[item4.pk]))
    assert reverse("progress:report-create", args=[item4.pk]) in page.content.decode()
    response = client.post(
        reverse("progress:report-create", args=[item4.pk]),
        {
            "unit": item4.assignments.get().unit_id,
            "text": "第4期供需对接会已召开",
            "claims_completion": "on",
            "files": [photo("one.jpg"), photo("two.jpg")],
            "submit": "1",
        },
    )
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.state, report.evidence.count()) == ("pending", 2)

    client.force_login(demo_users["street"])
    home = client.get(reverse("dashboards:home"))
    assert _work(home, "progress.review") == [report.get_absolute_url()]
    refused = _review(client, report, "return")
    assert "退回时必须填写意见" in refused.content.decode()
    _review(client, report, "return", "照片不清晰，请补充")
    report.refresh_from_db()
    assert report.state == "returned"

    client.force_login(demo_users["community"])
    home = client.get(reverse("dashboards:home"))
    assert _work(home, "progress.returned") == [report.get_absolute_url()]
    client.post(
        reverse("progress:report-edit", args=[report.pk]),
        {
            "text": "已补充清晰照片",
            "claims_completion": "on",
            "files": [photo("three.jpg")],
            "submit": "1",
        },
    )
    report.refresh_from_db()
    assert (report.state, report.evidence.count()) == ("pending", 3)

    client.force_login(demo_users["street"])
    _review(client, report, "approve", "同意")
    client.force_login(demo_users["office"])
    page = _review(client, report, "approve", "验收通过")
    assert "已逐级审核通过" in page.content.decode()
    evidence = report.evidence.first()
    client.post(reverse("progress:evidence-publish", args=[evidence.pk]), {"public": "1"})

    cockpit = client.get(reverse("dashboards:cockpit", args=[demo.pk]))
    assert cockpit.context["figures"]["overall"]["done"] == 1  # item 4
    row = next(r for r in cockpit.context["figures"]["targets"] if r.target == target)
    assert (row.actual, row.met, row.counted) == (4, True, True)  # four meetings held

    client.logout()
    public = client.get(reverse("dashboards:public-program", args=["guanghan-2024"]))
    html = public.content.decode()
    assert reverse("dashboards:public-evidence", args=[evidence.pk]) in html
    xicheng = next(p for p in public.context["pilots"] if p[0].community.name == "西城社区")
    assert xicheng[2:] == (20, 1)  # 1 of 5 items done
    assert "已完成 1 / 5 项（20%）" in html


def test_the_ledger_page_shows_statuses_without_reports(client, demo, demo_users):
    client.force_login(demo_users["street"])
    page = client.get(reverse("progress:program-detail", args=[demo.pk]))
    communities = [pilot.community.name for pilot, _items in page.context["pilots"]]
    assert communities == ["西城社区", "金山社区", "西湖社区"]  # 京皇 belongs to 汉州街道
    assert {t.status for t in page.context["city_tasks"]} == {"overdue"}  # seen from 2026
