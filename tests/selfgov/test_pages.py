"""The 居民自治 pages: recording a step through the form, and the public notice page, which
shows what was published and nothing about people."""

import datetime

from django.urls import reverse

from gongzhi.selfgov.models import StepKind
from tests.selfgov.helpers import new_matter, record, record_up_to


def test_the_step_form_records_the_next_step_and_shows_a_refusal(client, tree, community_user):
    matter = new_matter(community_user, tree.community_a1)
    client.force_login(community_user)
    url = reverse("selfgov:step-record", args=[matter.pk])
    page = client.get(url)
    assert "党组织提议" in page.content.decode() and "ends_on" not in page.context["form"].fields
    short = {"date": "2024-03-01", "entitled": 45, "present": 22, "votes_for": 20}
    response = client.post(url, {**short, "votes_against": 0, "votes_abstain": 0, "text": "记录"})
    assert response.status_code == 200
    assert "应到 45 人，实到 22 人，未过半数，会议无效。" in response.content.decode()
    response = client.post(
        url, {**short, "present": 23, "votes_against": 0, "votes_abstain": 0, "text": "记录"}
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert matter.steps_done == 1
    detail = client.get(matter.get_absolute_url()).content.decode()
    assert "应到 45 人，实到 23 人" in detail and "两委会议商议" in detail


def test_publication_steps_ask_for_a_period_and_no_votes(client, tree, community_user):
    matter = new_matter(community_user, tree.community_a1)
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    client.force_login(community_user)
    form = client.get(reverse("selfgov:step-record", args=[matter.pk])).context["form"]
    assert set(form.fields) == {"date", "ends_on", "text", "files"}


def test_the_public_page_shows_published_notices_and_nothing_personal(client, tree, community_user):
    matter = new_matter(community_user, tree.community_a1, title="老旧小区加装电梯")
    record_up_to(community_user, matter, StepKind.RESOLUTION)
    record(
        community_user,
        matter,
        StepKind.RESOLUTION_PUBLIC,
        text="决议：同意加装电梯。",
        ends_on=datetime.date(2024, 3, 19),
    )
    other = new_matter(community_user, tree.community_a1, title="未公开的事项")
    record(community_user, other, StepKind.PROPOSAL, text="党组织会议记录：张三发言")
    page = client.get(reverse("selfgov:public", args=[tree.community_a1.pk]))  # no login
    html = page.content.decode()
    assert page.status_code == 200
    assert "老旧小区加装电梯" in html and "决议：同意加装电梯。" in html
    assert "2024-03-13 至 2024-03-19" in html
    assert "未公开的事项" not in html and "张三" not in html  # meetings stay inside
    assert "决议记录" not in html  # the resolution meeting's minutes are not published
    for personal in (community_user.username, "应到", "赞成"):
        assert personal not in html


def test_the_public_page_is_only_for_communities(client, tree):
    assert client.get(reverse("selfgov:public", args=[tree.street_a.pk])).status_code == 404


def test_a_street_reads_its_communities_matters_but_records_nothing(
    client, tree, community_user, street_user
):
    mine = new_matter(community_user, tree.community_a1, title="甲一事项")
    client.force_login(street_user)
    listed = client.get(reverse("selfgov:matter-list"))
    assert [m.title for m in listed.context["object_list"]] == ["甲一事项"]
    assert reverse("selfgov:matter-create") not in listed.content.decode()
    assert client.get(reverse("selfgov:step-record", args=[mine.pk])).status_code == 403


def test_my_work_lists_matters_waiting_for_their_next_step(client, tree, community_user):
    from gongzhi.core.work import work_for

    matter = new_matter(community_user, tree.community_a1)
    done = new_matter(community_user, tree.community_a1, title="已完成事项")
    record_up_to(community_user, done, StepKind.RESULT_PUBLIC)
    groups = {group.name: group for group in work_for(community_user)}
    items = groups["selfgov.matters"].work.items
    assert [(item.title, item.detail) for item in items] == [
        (f"推进重大事项：{matter.title}", "下一步：党组织提议")
    ]
