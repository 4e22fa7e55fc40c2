"""Unit pickers list a bounded few units and find the others by name; the form still accepts
every unit in reach and nothing outside it."""

import pytest
from django.urls import reverse

from gongzhi.community.forms import TeamForm
from gongzhi.core.kinds import UnitKind
from gongzhi.core.pickers import SearchSelect
from gongzhi.core.roles import Perm, Role
from gongzhi.orgs.models import Unit
from gongzhi.residents import services
from gongzhi.residents.forms import StepForm
from gongzhi.residents.models import NeedCategory
from tests.conftest import make_user


@pytest.fixture
def few_shown(settings):
    settings.GZ_PICKER_SHOWN = 3


def shown_units(form, name="unit") -> list[int]:
    return [value.value for value, _label in form.fields[name].widget.choices if value]


def test_a_small_reach_keeps_the_plain_select_in_one_query(
    tree, street_user, django_assert_num_queries
):
    form = TeamForm(actor=street_user)
    with django_assert_num_queries(1):  # the units, read when the select is drawn
        html = form["unit"].as_widget()
    assert "picker-search" not in html and "甲一社区" in html
    assert not form.fields["unit"].widget.choices.bounded


def test_a_large_reach_lists_a_few_units_and_its_own_seat_with_a_search_box(
    tree, office, few_shown
):
    form = TeamForm(actor=office)
    field = form.fields["unit"]
    assert isinstance(field.widget, SearchSelect)
    shown = shown_units(form)
    assert len(shown) <= 4 and tree.civil.pk in shown  # the first three, and the office's seat
    assert field.queryset.count() > 10  # every unit in reach still validates
    html = form.as_p()
    assert 'data-testid="picker-search"' in html and 'form="gz-search"' in html
    assert f"perm={Perm.MANAGE_REGISTRIES}" in html


def test_a_unit_beyond_the_list_is_accepted_and_stays_listed_when_the_form_returns(
    tree, office, few_shown
):
    far = tree.community_b1.pk
    form = TeamForm(data={"name": "", "unit": far}, actor=office)
    assert not form.is_valid() and list(form.errors) == ["name"]
    assert far in shown_units(form)
    assert TeamForm(data={"name": "乙一志愿队", "unit": far}, actor=office).is_valid()


def test_a_unit_outside_reach_is_refused(tree, street_user):
    form = TeamForm(data={"name": "志愿队", "unit": tree.community_b1.pk}, actor=street_user)
    assert not form.is_valid() and "unit" in form.errors


def test_the_search_finds_units_by_name_in_reach_only(client, tree, street_user, office):
    url = reverse("orgs:unit-options")
    query = {"q": "一社区", "kinds": "community,village", "perm": Perm.MANAGE_REGISTRIES}
    client.force_login(street_user)
    found = client.get(url, query).content.decode()
    assert "甲一社区" in found and "乙一社区" not in found
    assert "没有名称含有这些文字的记录" in client.get(url, {**query, "q": "乙一"}).content.decode()
    assert "请输入名称查找" in client.get(url, {**query, "q": " "}).content.decode()
    client.force_login(office)
    found = client.get(url, query).content.decode()
    assert "甲一社区" in found and "乙一社区" in found and "甲一社区第一网格" not in found
    grids = client.get(url, {"q": "网格", "kinds": "grid", "perm": "no.such"}).content.decode()
    assert "甲一社区第一网格" in grids  # an unknown permission: the units the user may see


def test_the_search_is_for_signed_in_users(client, tree):
    response = client.get(reverse("orgs:unit-options"), {"q": "社区"})
    assert response.status_code == 302 and "社区" not in response.content.decode()


def test_a_transfer_lists_a_few_of_the_regions_units_and_finds_the_others(
    client, tree, community_user, few_shown
):
    """A community hands a need to any unit of its region, also units it cannot see (the city's
    departments): the list is bounded and the search looks in the region, not in the reach."""
    category = NeedCategory.objects.create(region=tree.region, name="环境卫生", response_days=3)
    need = services.need_submit_public(
        community=tree.community_a1, category=category, description="垃圾清运不及时"
    )
    form = StepForm(need=need, step="transfer")
    assert len(shown_units(form)) == 3 and form.fields["unit"].widget.choices.bounded
    assert f"around={tree.community_a1.pk}" in form.as_p()
    assert StepForm(data={"unit": tree.evaluator_b.pk}, need=need, step="transfer").is_valid()

    client.force_login(community_user)
    url = reverse("orgs:unit-options")
    found = client.get(url, {"q": "财政", "around": tree.community_a1.pk}).content.decode()
    assert "市财政局" in found and f'value="{tree.finance.pk}"' in found
    assert "市财政局" not in client.get(url, {"q": "财政"}).content.decode()  # not in its reach


def test_the_region_search_is_for_users_of_that_region(client, tree, few_shown):
    elsewhere = Unit.objects.add_unit(None, name="另一县", kind=UnitKind.COUNTY)
    stranger = make_user("stranger", Role.COMMUNITY, elsewhere)
    client.force_login(stranger)
    url = reverse("orgs:unit-options")
    found = client.get(url, {"q": "财政", "around": tree.community_a1.pk}).content.decode()
    assert "市财政局" not in found
    assert "市财政局" not in client.get(url, {"q": "财政", "around": 10**9}).content.decode()
