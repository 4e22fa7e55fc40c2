"""我的待办 on the home page: derived from the records per role, grouped by source, each entry
linking where the work is done; messages apart; the navbar badge agrees with the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gongzhi.activities.models import Decision
from gongzhi.community.models import Volunteer
from gongzhi.progress.models import Notification, Report
from tests.dashboards.conftest import hours, meeting


def _home(client, user):
    client.force_login(user)
    response = client.get(reverse("dashboards:home"))
    assert response.status_code == 200
    return response


def _groups(response) -> dict:
    """{source name: [(title, url, urgency), …]} as the home page lists them."""
    return {
        group.name: [(item.title, item.url, item.urgency) for item in group.work.items]
        for group in response.context["work"]
    }


def _urls(response, source) -> list[str]:
    return [url for _title, url, _urgency in _groups(response).get(source, [])]


def test_community_sees_its_overdue_due_soon_and_unreported_items(client, work, demo_users):
    response = _home(client, demo_users["community"])
    items = work.items
    assert _groups(response)["progress.tasks"] == [
        (items["filing"].label, items["filing"].get_absolute_url(), "overdue"),  # 2024-02-29
        (items[1].label, items[1].get_absolute_url(), "due_soon"),  # 2024-10-30
        (items[2].label, items[2].get_absolute_url(), "waiting"),  # never reported
        (items[5].label, items[5].get_absolute_url(), "waiting"),
    ]  # item 4 waits for the street's review, item 3 was sent back: listed below
    assert _urls(response, "progress.returned") == [work.returned.get_absolute_url()]
    assert "progress.review" not in _groups(response)


def test_community_sees_its_open_decisions_overdue_first(client, work, demo_users):
    response = _home(client, demo_users["community"])
    activity_url = work.overdue_decision.activity.get_absolute_url()
    assert _groups(response)["activities.decisions"] == [
        ("修缮活动室", activity_url, "overdue"),
        ("整理居民公约", activity_url, "waiting"),
    ]  # not the closed one, not 金山社区's


def test_hours_wait_for_their_organiser_only(client, work, demo_users):
    volunteer_url = work.hours_for_community.volunteer.get_absolute_url()
    community = _home(client, demo_users["community"])
    assert _urls(community, "community.hours") == [volunteer_url]  # logged without an activity
    street = _home(client, demo_users["street"])
    assert _urls(street, "community.hours") == [volunteer_url]  # at the street's own training
    assert len(_groups(street)["community.hours"]) == 1


def test_street_reviews_its_communities_reports_only(client, work, demo_users):
    response = _home(client, demo_users["street"])
    assert _urls(response, "progress.review") == [work.in_review.get_absolute_url()]
    assert work.elsewhere.get_absolute_url() not in response.content.decode()
    assert "progress.returned" not in _groups(response)
    # the street's own tasks: its filing and the city tasks it co-runs, none of a community's
    tasks = _urls(response, "progress.tasks")
    assert len(tasks) == 9
    assert not set(tasks) & {task.get_absolute_url() for task in work.items.values()}


def test_another_community_sees_none_of_it(client, work, demo_users):
    from tests.conftest import make_user

    jinshan = make_user("jinshan", "community", work.jinshan)
    response = _home(client, jinshan)
    page = response.content.decode()
    for url in [task.get_absolute_url() for task in work.items.values()] + [
        work.returned.get_absolute_url(),
        work.hours_for_community.volunteer.get_absolute_url(),
    ]:
        assert url not in page
    assert "修缮活动室" not in page and "整理居民公约" not in page
    # its own: its items, the decision 西城社区's meeting gave it, 李四's hours
    assert set(_groups(response)) == {"progress.tasks", "activities.decisions", "community.hours"}
    assert _groups(response)["activities.decisions"][0][0] == "金山的事项"


def test_entries_link_where_the_work_is_done(client, work, demo_users):
    response = _home(client, demo_users["community"])
    page = response.content.decode()
    for group in response.context["work"]:
        for item in group.work.items:
            assert f'href="{item.url}"' in page
            assert client.get(item.url).status_code == 200


@pytest.mark.parametrize("username", ["agency", "socialworker", "thirdparty", "finance"])
def test_roles_with_nothing_to_do_get_somewhere_to_start(client, work, demo_users, username):
    response = _home(client, demo_users[username])
    assert response.context["work"] == []
    page = response.content.decode()
    assert 'data-testid="work-empty"' in page
    assert 'data-testid="todo-count"' not in page
    links = response.context["start_links"]
    assert reverse("programs:program-list") in [url for url, _label, _icon in links]
    if username == "finance":
        assert reverse("funds:ledger") in [url for url, _label, _icon in links]
    for url, _label, _icon in links:
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


def test_messages_are_listed_apart_and_never_counted(client, work, demo_users):
    user = demo_users["community"]
    before = _home(client, user).context["work_total"]
    Notification.objects.create(user=user, key="approved:1", title="已通过：西城社区 第4项")
    Notification.objects.create(user=user, key="old", title="已读的消息", read_at=timezone.now())
    response = _home(client, user)
    assert response.context["work_total"] == before
    assert [note.title for note in response.context["unread"]] == ["已通过：西城社区 第4项"]
    page = response.content.decode()
    assert "已读的消息" not in page
    messages = page.split('data-testid="messages"')[1]
    assert "已通过：西城社区 第4项" in messages
    assert "已通过" not in page.split('data-testid="messages"')[0]


def test_the_badge_agrees_with_the_list(client, work, demo_users):
    for username in ("community", "street", "office"):
        response = _home(client, demo_users[username])
        total = response.context["work_total"]
        assert total == sum(group.work.total for group in response.context["work"])
        assert total > 0
        assert response.context["todo_count"] == total
        assert f'data-testid="todo-count">{total}<' in response.content.decode()
        # another page counts with one COUNT per source, and finds the same number
        inbox = client.get(reverse("progress:inbox"))
        assert inbox.context["todo_count"] == total


def test_a_long_list_is_capped_with_its_total_and_a_more_link(client, work, demo_users):
    activity = work.overdue_decision.activity
    Decision.objects.bulk_create(
        Decision(activity=activity, text=f"事项{n}", owner=work.xicheng, due="2024-11-30")
        for n in range(25)
    )
    volunteer = Volunteer.objects.get(name="张三")
    for _ in range(25):
        hours(volunteer, demo_users["community"])
    response = _home(client, demo_users["community"])
    lists = {group.name: group.work for group in response.context["work"]}
    decisions = lists["activities.decisions"]
    assert (len(decisions.items), decisions.total, decisions.more) == (20, 27, 7)
    assert (len(lists["community.hours"].items), lists["community.hours"].total) == (20, 26)
    assert response.context["todo_count"] == response.context["work_total"]
    page = response.content.decode()
    assert "另有 7 项（共 27 项）" in page
    assert reverse("community:volunteer-list") in page.split('data-source="community.hours"')[1]


def _grow(work, demo_users, n):
    community, street = demo_users["community"], demo_users["street"]
    activity = meeting(work.xicheng, community)
    volunteer = Volunteer.objects.create(
        name="王五", unit=work.xicheng, phone=f"1380000{Volunteer.objects.count():04d}"
    )
    for k in range(n):
        Decision.objects.create(
            activity=activity, text=f"事项{k}", owner=work.xicheng, due="2024-10-25"
        )
        hours(volunteer, community)
        Report.objects.create(
            task=work.items[3], unit=work.xicheng, author=community, text="x", state="returned"
        )
        Notification.objects.create(user=community, key=f"grow{k}-{n}", title="提醒")
    del street


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboards:home"))
    return len(queries), response.context["work_total"]


# session, user, grants (2), units by kind, next level, programs, messages (8), then per work
# source the community has: its list and its COUNT, and the tasks' units (9)
# + the sources added since: 服务项目 reports, 居民自治 matters, residents' needs to handle and
# overdue below, supervision's rectification items to fix, evaluation's self-assessments
# and elevator alarms to acknowledge (list and COUNT each); whether there are elevators for the
# live alarm panel (without any, the panel reads no alarms)
HOME_QUERIES = 32


def test_home_cost_does_not_grow_with_the_work(client, work, demo_users):
    client.force_login(demo_users["community"])
    _count(client)  # the first request after login records the session's activity
    _grow(work, demo_users, 2)
    small, total = _count(client)
    _grow(work, demo_users, 20)
    large, total_after = _count(client)
    assert total_after == total + 60
    assert (small, large) == (HOME_QUERIES, HOME_QUERIES)


def test_the_clock_moves_items_between_urgencies(client, work, demo_users, today):
    import time_machine

    with time_machine.travel(datetime.datetime(2024, 11, 5, 2, 0, tzinfo=datetime.UTC)):
        groups = _groups(_home(client, demo_users["community"]))
    urgencies = {title: urgency for title, _url, urgency in groups["progress.tasks"]}
    assert urgencies[work.items[1].label] == "overdue"  # 2024-10-30 has passed
