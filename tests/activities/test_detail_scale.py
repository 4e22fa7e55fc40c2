"""The activity page shows one page of sign-ins, whatever their number, and counts them all in
one query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.activities.models import SignIn
from gongzhi.activities.views import ActivityDetailView
from tests.activities.test_paper_signin import _xicheng_activity


def add_signins(activity, n, source=SignIn.Source.PAPER):
    SignIn.objects.bulk_create(
        SignIn(activity=activity, name=f"居民{i}", affiliation="西城小区", source=source)
        for i in range(n)
    )


def _get(client, activity, **params):
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("activities:activity-detail", args=[activity.pk]), params)
    assert page.status_code == 200
    return page, len(captured)


def test_the_activity_page_pages_its_signins_and_counts_them_once(client, demo, demo_users):
    activity = _xicheng_activity()
    client.force_login(demo_users["community"])
    per_page = ActivityDetailView.signins_per_page
    add_signins(activity, 3)
    _get(client, activity)  # the first request after login records the session's activity
    _page, small = _get(client, activity)
    add_signins(activity, per_page * 2, source=SignIn.Source.QR)
    page, large = _get(client, activity)
    assert large == small
    assert len(page.context["signins"]) == per_page
    assert page.context["signin_counts"] == {
        "total": per_page * 2 + 3,
        "qr": per_page * 2,
        "paper": 3,
    }
    html = page.content.decode()
    assert (
        html.count('class="list-group-item px-0 d-flex justify-content-between gap-2"') == per_page
    )
    last, _queries = _get(client, activity, page=3)
    assert len(last.context["signins"]) == 3
