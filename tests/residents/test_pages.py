"""The staff pages of residents' needs, used as a community, a street and the office use them."""

import pytest
from django.urls import reverse

from gongzhi.community.models import SocialOrganization
from gongzhi.core.roles import Role
from gongzhi.residents import services
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.residents.public import community_page_url
from tests.conftest import make_user


@pytest.fixture
def category(tree):
    return NeedCategory.objects.create(region=tree.region, name="环境卫生", response_days=3)


@pytest.fixture
def need(tree, category):
    return services.need_submit_public(
        community=tree.community_a1, category=category, description="垃圾清运不及时"
    )


def test_the_board_counts_and_offers_the_communitys_qr(client, community_user, need):
    client.force_login(community_user)
    response = client.get(reverse("residents:need-list"))
    html = response.content.decode()
    assert response.context["totals"] == {"open": 1, "overdue": 0, "closed": 0}
    assert "垃圾清运不及时" in html and "居民扫码提诉求" in html
    assert community_page_url(need.community) in html
    qr = client.get(reverse("residents:community-qr", args=[need.community_id]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_the_qr_is_only_for_communities_in_reach(client, tree, community_user, street_user):
    client.force_login(community_user)
    assert (
        client.get(reverse("residents:community-qr", args=[tree.community_a2.pk])).status_code
        == 404
    )
    client.force_login(street_user)
    assert (
        client.get(reverse("residents:community-qr", args=[tree.community_a1.pk])).status_code
        == 200
    )
    assert client.get(reverse("residents:community-qr", args=[tree.street_a.pk])).status_code == 404


def test_the_board_filters_overdue_and_closed(client, street_user, need, community_user):
    client.force_login(street_user)
    url = reverse("residents:need-list")
    assert list(client.get(url, {"show": "open"}).context["object_list"]) == [need]
    assert list(client.get(url, {"show": "closed"}).context["object_list"]) == []
    services.need_step(actor=community_user, need=need, step="reject", note="重复提交")
    assert list(client.get(url, {"show": "closed"}).context["object_list"]) == [need]


def test_accept_then_resolve_from_the_page(client, community_user, need):
    client.force_login(community_user)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "受理" in page and "不予受理" in page and "转办" in page
    client.post(reverse("residents:need-step", args=[need.pk, "accept"]))
    need.refresh_from_db()
    assert need.state == Need.State.ACCEPTED
    url = reverse("residents:need-step", args=[need.pk, "resolve"])
    empty = client.post(url, {"note": ""})
    assert empty.status_code == 200 and "请填写办理结果" in empty.content.decode()
    client.post(url, {"note": "已联系环卫所清运"})
    need.refresh_from_db()
    assert need.state == Need.State.RESOLVED and need.resolution == "已联系环卫所清运"


def test_an_unknown_step_is_not_found(client, community_user, need):
    client.force_login(community_user)
    assert client.get(reverse("residents:need-step", args=[need.pk, "approve"])).status_code == 404


def test_transfer_from_the_page(client, tree, community_user, need):
    client.force_login(community_user)
    url = reverse("residents:need-step", args=[need.pk, "transfer"])
    form = client.get(url).context["form"]
    assert (
        tree.civil in form.fields["unit"].queryset
        and need.handler not in form.fields["unit"].queryset
    )
    client.post(url, {"note": "涉及低保，转民政局", "unit": tree.civil.pk})
    need.refresh_from_db()
    assert need.handler == tree.civil
    assert client.get(need.get_absolute_url()).status_code == 200  # still read by the community
    assert client.get(url).status_code == 403  # but no longer handled by it


def test_match_from_the_page_needs_exactly_one_resource(client, tree, community_user, need):
    org = SocialOrganization.objects.create(
        name="甲一环保志愿队", unit=tree.community_a1, category="charity", filing="filed"
    )
    services.need_step(actor=community_user, need=need, step="accept")
    client.force_login(community_user)
    url = reverse("residents:need-match", args=[need.pk])
    none = client.post(url, {"note": "x"})
    assert "请选择且只选择一项对接资源" in none.content.decode()
    client.post(url, {"organization": org.pk, "note": "每周二清运"})
    need.refresh_from_db()
    assert need.state == Need.State.MATCHED and need.matches.get().organization == org


def test_staff_record_a_need_from_the_form(client, tree, community_user, category):
    client.force_login(community_user)
    form = client.get(reverse("residents:need-create")).context["form"]
    assert "public" not in dict(form.fields["channel"].choices)
    response = client.post(
        reverse("residents:need-create"),
        {
            "community": tree.community_a1.pk,
            "channel": "phone",
            "category": category.pk,
            "urgency": "urgent",
            "description": "独居老人家中水管爆裂",
            "resident_phone": "13800001111",
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302 and response.url == need.get_absolute_url()
    assert need.state == Need.State.ACCEPTED and need.urgency == "urgent"
    detail = client.get(need.get_absolute_url()).content.decode()
    assert "138****1111" in detail and "13800001111" not in detail


def test_the_office_keeps_the_categories(client, tree, office):
    client.force_login(office)
    response = client.post(reverse("residents:category-defaults", args=[tree.region.pk]))
    assert response.status_code == 302
    assert NeedCategory.objects.filter(region=tree.region).count() == len(
        services.DEFAULT_CATEGORIES
    )
    client.post(reverse("residents:category-defaults", args=[tree.region.pk]))  # nothing twice
    assert NeedCategory.objects.filter(region=tree.region).count() == len(
        services.DEFAULT_CATEGORIES
    )
    client.post(
        reverse("residents:category-create"),
        {"name": "物业纠纷", "response_days": 10, "handler": tree.street_a.pk, "order": 9},
    )
    created = NeedCategory.objects.get(name="物业纠纷")
    assert (created.region, created.handler, created.is_active) == (
        tree.region,
        tree.street_a,
        False,
    )
    edit = reverse("residents:category-edit", args=[created.pk])
    bad = client.post(edit, {"name": "物业纠纷", "response_days": 0, "order": 9})
    assert bad.status_code == 200
    client.post(edit, {"name": "物业纠纷", "response_days": 7, "order": 9, "is_active": "on"})
    created.refresh_from_db()
    assert (created.response_days, created.is_active) == (7, True)
    page = client.get(reverse("residents:category-list")).content.decode()
    assert "物业纠纷" in page and "7 个工作日" in page


def test_a_category_handler_receives_new_needs(tree, category):
    category.handler = tree.street_a
    category.save()
    need = services.need_submit_public(
        community=tree.community_a1, category=category, description="占道经营"
    )
    assert need.handler == tree.street_a
    street_staff = make_user("street_staff", Role.STREET, tree.street_a)
    services.need_step(actor=street_staff, need=need, step="accept")
    assert need.state == Need.State.ACCEPTED


def test_a_supply_demand_meeting_matches_its_communitys_needs(client, tree, community_user, need):
    from gongzhi.activities.models import Activity
    from tests.conftest import make_meeting

    meeting = make_meeting(tree.community_a1, community_user, "第一期供需对接会", "supply_demand")
    org = SocialOrganization.objects.create(
        name="甲一助老队", unit=tree.community_a1, category="charity", filing="filed"
    )
    services.need_step(actor=community_user, need=need, step="accept")
    client.force_login(community_user)
    activity_page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("residents:meeting-needs", args=[meeting.pk]) in activity_page
    page = client.get(reverse("residents:meeting-needs", args=[meeting.pk]))
    assert list(page.context["open_needs"]) == [need]
    match_url = reverse("residents:need-match", args=[need.pk]) + f"?activity={meeting.pk}"
    assert client.get(match_url).context["form"]["activity"].value() == str(meeting.pk)
    done = client.post(match_url, {"organization": org.pk, "activity": meeting.pk})
    assert done.url == reverse("residents:meeting-needs", args=[meeting.pk])
    assert need.matches.get().activity == Activity.objects.get(pk=meeting.pk)
    after = client.get(reverse("residents:meeting-needs", args=[meeting.pk])).content.decode()
    assert "甲一助老队" in after


def test_a_meeting_pages_its_communitys_open_needs(client, tree, community_user, category):
    from tests.conftest import make_meeting

    meeting = make_meeting(tree.community_a1, community_user, "第二期供需对接会", "supply_demand")
    for number in range(52):
        need = services.need_submit_public(
            community=tree.community_a1, category=category, description=f"诉求{number}"
        )
        services.need_step(actor=community_user, need=need, step="accept")
    client.force_login(community_user)
    url = reverse("residents:meeting-needs", args=[meeting.pk])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(first.context["open_needs"]) == 50
    assert [need.description for need in second.context["open_needs"]] == ["诉求1", "诉求0"]
    assert first.context["paginator"].count == 52
