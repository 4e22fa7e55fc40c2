"""A resident's need from the public page to the rating, and every handling step's rules."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from gongzhi.community.models import SocialOrganization
from gongzhi.core.audit import Action
from gongzhi.core.models import AuditEntry
from gongzhi.core.roles import Perm, Role
from gongzhi.core.work import work_count, work_for
from gongzhi.programs import counters
from gongzhi.residents import services
from gongzhi.residents.models import Need, NeedCategory
from gongzhi.residents.public import community_page_url
from gongzhi.residents.workdays import WorkCalendar, add_working_days
from tests.conftest import make_user
from tests.progress.helpers import photo

PHONE = "13912345678"
NAME = "王晓梅"


@pytest.fixture
def category(tree):
    return NeedCategory.objects.create(region=tree.region, name="设施维修", response_days=3)


def submit(client, community, category, **extra):
    data = {
        "category": category.pk,
        "description": "3栋楼道灯坏了，晚上看不见。",
        "resident_name": NAME,
        "resident_phone": PHONE,
        **extra,
    }
    return client.post(community_page_url(community), data, REMOTE_ADDR="10.0.0.8")


def raised(tree, category, **fields) -> Need:
    fields.setdefault("description", "小区门口路面塌陷")
    return services.need_submit_public(community=tree.community_a1, category=category, **fields)


# --- the resident's side -----------------------------------------------------------------------


def test_a_resident_raises_a_need_with_a_photo_and_gets_a_receipt_code(client, tree, category):
    response = submit(client, tree.community_a1, category, photos=[photo()])
    html = response.content.decode()
    need = Need.objects.get()
    assert response.status_code == 200 and need.receipt_code in html
    assert need.state == Need.State.SUBMITTED and need.channel == Need.Channel.PUBLIC
    assert need.handler == tree.community_a1 and need.photos.count() == 1
    assert need.due == add_working_days(timezone.localdate(), 3, WorkCalendar())
    with connection.cursor() as cursor:  # personal data is stored encrypted
        cursor.execute("SELECT resident_name, resident_phone FROM residents_need")
        stored = cursor.fetchone()
    assert all(value.startswith("gz2:") for value in stored) and PHONE not in str(stored)
    entry = AuditEntry.objects.get(object_type="residents.need", action=Action.CREATE)
    assert entry.actor is None and entry.actor_label == "居民"


def test_a_need_without_content_is_refused_and_nothing_is_saved(client, tree, category):
    response = submit(client, tree.community_a1, category, description="   ")
    assert response.status_code == 200 and "请填写诉求内容" in response.content.decode()
    assert not Need.objects.exists()


def test_a_phone_that_is_not_a_number_is_refused_by_name(client, tree, category):
    response = submit(client, tree.community_a1, category, resident_phone="12345")
    assert "联系电话" in response.content.decode() and not Need.objects.exists()


def test_the_public_page_is_found_only_by_its_signed_address(client, tree, category):
    signed = community_page_url(tree.community_a1)
    forged = signed.replace(f"/{tree.community_a1.pk}:", f"/{tree.community_a2.pk}:")
    assert client.get(signed).status_code == 200
    assert client.get(forged).status_code == 404
    street_page = community_page_url(tree.street_a)  # a street has no residents' page
    assert client.get(street_page).status_code == 404


def test_one_address_raises_a_limited_number_of_needs(client, tree, category, settings):
    settings.GZ_NEEDS_PER_ADDRESS_PER_HOUR = 2
    statuses = [submit(client, tree.community_a1, category).status_code for _ in range(3)]
    assert statuses == [200, 200, 429] and Need.objects.count() == 2


def test_following_shows_the_steps_and_nothing_personal(client, tree, category, community_user):
    submit(client, tree.community_a1, category)
    need = Need.objects.get()
    services.need_step(actor=community_user, need=need, step="accept")
    html = client.get(reverse("residents:follow"), {"code": need.receipt_code.lower()}).content
    html = html.decode()
    assert "已受理" in html and "居民提交" in html and "甲一社区" in html
    assert PHONE not in html and NAME not in html and "139****5678" not in html
    missing = client.get(reverse("residents:follow"), {"code": "ZZZZZZZZ"}).content.decode()
    assert "未找到该回执码" in missing


def test_the_resident_rates_a_resolved_need_once(client, tree, category, community_user):
    need = raised(tree, category)
    services.need_step(actor=community_user, need=need, step="accept")
    services.need_step(actor=community_user, need=need, step="resolve", note="已更换灯泡")
    url = reverse("residents:follow") + f"?code={need.receipt_code}"
    page = client.get(url).content.decode()
    assert "已更换灯泡" in page and "您对办理结果满意吗" in page
    client.post(url, {"rating": "4", "comment": "很及时"})
    need.refresh_from_db()
    assert (need.state, need.rating, need.rating_comment) == (Need.State.RATED, 4, "很及时")
    with pytest.raises(ValidationError):
        services.need_rate(need=need, rating=5)


def test_the_follow_page_limits_lookups_per_address(client, tree, category, monkeypatch):
    from django.core.cache import cache

    from gongzhi.residents import public

    cache.clear()
    monkeypatch.setattr(public, "FOLLOW_LOOKUPS_PER_WINDOW", 2)
    url = reverse("residents:follow")
    statuses = [client.get(url, {"code": "ABCDEFGH"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    cache.clear()


# --- the handling steps ------------------------------------------------------------------------


def test_the_handling_chain_with_a_match(tree, category, community_user):
    need = raised(tree, category)
    org = SocialOrganization.objects.create(
        name="甲一志愿者协会", unit=tree.community_a1, category="charity", filing="filed"
    )
    services.need_step(actor=community_user, need=need, step="accept")
    services.need_match(actor=community_user, need=need, resource=org, note="周末上门")
    assert need.state == Need.State.MATCHED
    services.need_step(actor=community_user, need=need, step="start")
    services.need_step(actor=community_user, need=need, step="resolve", note="已修复")
    need.refresh_from_db()
    assert need.state == Need.State.RESOLVED and need.resolved_at is not None
    steps = list(need.events.values_list("step", flat=True))
    assert steps == ["居民提交", "受理", "供需对接：甲一志愿者协会", "开始办理", "办结"]
    transitions = AuditEntry.objects.filter(object_type="residents.need", action="transition")
    assert transitions.count() == 4


def test_a_step_out_of_order_is_refused_with_the_state(tree, category, community_user):
    need = raised(tree, category)
    with pytest.raises(ValidationError, match="待受理"):
        services.need_step(actor=community_user, need=need, step="resolve", note="x")
    with pytest.raises(ValidationError, match="请先受理"):
        org = SocialOrganization.objects.create(
            name="组织", unit=tree.community_a1, category="charity", filing="filed"
        )
        services.need_match(actor=community_user, need=need, resource=org)


@pytest.mark.parametrize("step", ["reject", "transfer", "resolve"])
def test_steps_that_need_a_note_refuse_an_empty_one(tree, category, community_user, step):
    need = raised(tree, category)
    if step == "resolve":
        services.need_step(actor=community_user, need=need, step="accept")
    with pytest.raises(ValidationError):
        services.need_step(actor=community_user, need=need, step=step, note=" ", unit=tree.civil)
    assert Need.objects.get().state == need.state


def test_a_transfer_hands_the_need_to_the_department(tree, category, community_user):
    need = raised(tree, category)
    department = make_user("civil_staff", Role.CITY_DEPARTMENT, tree.civil)
    services.need_step(
        actor=community_user, need=need, step="transfer", note="属民政职责", unit=tree.civil
    )
    assert need.handler == tree.civil and need.state == Need.State.SUBMITTED
    with pytest.raises(PermissionDenied):  # the community no longer handles it
        services.need_step(actor=community_user, need=need, step="accept")
    assert Need.objects.visible_to(community_user).filter(pk=need.pk).exists()  # still sees it
    services.need_step(actor=department, need=need, step="accept")
    assert need.state == Need.State.ACCEPTED


def test_a_transfer_stays_in_the_region(tree, category, community_user):
    need = raised(tree, category)
    from gongzhi.orgs.models import Unit

    elsewhere = Unit.objects.add_unit(None, name="外市", kind="county")
    with pytest.raises(ValidationError):
        services.need_step(
            actor=community_user, need=need, step="transfer", note="x", unit=elsewhere
        )


def test_a_rejection_keeps_its_reason(tree, category, street_user):
    need = raised(tree, category)
    services.need_step(actor=street_user, need=need, step="reject", note="不属于社区事务")
    assert need.state == Need.State.REJECTED and need.rejection_reason == "不属于社区事务"


def test_another_community_neither_sees_nor_handles_it(tree, category):
    need = raised(tree, category)
    neighbour = make_user("neighbour", Role.COMMUNITY, tree.community_a2)
    assert not Need.objects.visible_to(neighbour).filter(pk=need.pk).exists()
    with pytest.raises(PermissionDenied):
        services.need_step(actor=neighbour, need=need, step="accept")


def test_staff_record_a_walk_in_need_accepted_at_once(tree, category, community_user):
    need = services.need_record(
        actor=community_user,
        community=tree.community_a1,
        category=category,
        description="独居老人需要助餐",
        channel=Need.Channel.WALK_IN,
        resident_name=NAME,
    )
    assert need.state == Need.State.ACCEPTED and need.created_by == community_user
    with pytest.raises(ValidationError):
        services.need_record(
            actor=community_user,
            community=tree.community_a1,
            category=category,
            description="x",
            channel=Need.Channel.PUBLIC,
        )


def test_a_category_of_another_region_is_refused(tree, category):
    from gongzhi.orgs.models import Unit

    other = NeedCategory.objects.create(
        region=Unit.objects.add_unit(None, name="外市", kind="county"), name="其他"
    )
    with pytest.raises(ValidationError, match="诉求类别"):
        raised(tree, other)


# --- my work and the counters ------------------------------------------------------------------


def _titles(user, source):
    groups = {group.name: group for group in work_for(user)}
    return [item.url for item in groups[source].work.items] if source in groups else []


def test_an_overdue_need_is_on_the_communitys_and_the_streets_lists(
    tree, category, community_user, street_user
):
    need = raised(tree, category)
    Need.objects.filter(pk=need.pk).update(due=timezone.localdate() - datetime.timedelta(days=1))
    assert _titles(community_user, "residents.to_handle") == [need.get_absolute_url()]
    assert _titles(street_user, "residents.overdue_below") == [need.get_absolute_url()]
    assert _titles(street_user, "residents.to_handle") == []
    item = next(g for g in work_for(community_user) if g.name == "residents.to_handle")
    assert item.work.items[0].urgency == "overdue"
    for user in (community_user, street_user):
        user = type(user).objects.get(pk=user.pk)  # a fresh request: no cached list
        assert work_count(user) == sum(group.work.total for group in work_for(user))


def test_resolved_needs_leave_the_lists(tree, category, community_user):
    need = raised(tree, category)
    services.need_step(actor=community_user, need=need, step="accept")
    services.need_step(actor=community_user, need=need, step="resolve", note="已办结")
    assert _titles(community_user, "residents.to_handle") == []


def test_the_counters_count_resolved_and_matched_needs_by_subtree(tree, category, community_user):
    from gongzhi.programs.models import Program

    program = Program.objects.create(
        code="p",
        name="p",
        year=timezone.localdate().year,
        region=tree.region,
        office_unit=tree.civil,
    )
    org = SocialOrganization.objects.create(
        name="组织", unit=tree.community_a1, category="charity", filing="filed"
    )
    first, second, _open = (raised(tree, category) for _ in range(3))
    for need in (first, second):
        services.need_step(actor=community_user, need=need, step="accept")
    services.need_match(actor=community_user, need=first, resource=org)
    services.need_match(actor=community_user, need=first, resource=org, note="第二次对接")
    services.need_step(actor=community_user, need=second, step="resolve", note="已办")
    units = [tree.region, tree.street_a, tree.community_a1, tree.street_b]
    resolved = counters.get("residents.needs_resolved").compute(program, units, {})
    matched = counters.get("residents.needs_matched").compute(program, units, {})
    assert [resolved.get(unit.pk, 0) for unit in units] == [1, 1, 1, 0]
    assert [matched.get(unit.pk, 0) for unit in units] == [1, 1, 1, 0]


def test_a_community_reaches_its_needs_by_a_union_and_a_street_by_one_filter(
    tree, category, community_user, street_user
):
    """Need's scope is an OR over two links, which no index serves: a community, which reaches
    a few units, is given a UNION of indexed lookups instead (Scope.union_for); a street keeps
    the OR, which stops early once a page or a capped count is full. Both see the same needs."""
    need = services.need_submit_public(
        community=tree.community_a1, category=category, description="路灯不亮"
    )
    for user, union in ((community_user, True), (street_user, False)):
        reached = Need.objects.visible_to(user, Perm.HANDLE_NEEDS)
        assert ("UNION" in str(reached.query)) is union
        assert list(reached) == [need]
