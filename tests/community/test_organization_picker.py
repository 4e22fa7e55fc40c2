"""An activity's partners and a brand project's organisation are picked from a bounded list
with a search box; what is selected survives a search and a returned form."""

import pytest
from django.urls import reverse

from gongzhi.activities.forms import ActivityForm
from gongzhi.community.forms import BrandProjectForm
from gongzhi.community.models import SocialOrganization
from gongzhi.core.pickers import SearchSelectMultiple

NAMES = ["阳光社工", "邻里互助会", "夕阳红志愿者协会", "青少年成长中心", "乙街道调解会"]


@pytest.fixture
def organizations(tree):
    units = [tree.community_a1] * 4 + [tree.community_b1]
    return [
        SocialOrganization.objects.create(name=name, unit=unit, category="living", filing="filed")
        for name, unit in zip(NAMES, units, strict=True)
    ]


@pytest.fixture
def two_shown(settings):
    settings.GZ_PICKER_SHOWN = 2


def listed(form, name) -> list[str]:
    return [label for value, label in form.fields[name].widget.choices if value]


def test_partners_list_a_few_and_keep_the_chosen_ones(tree, office, organizations, two_shown):
    far = organizations[3]  # 青少年成长中心: not among the first two by name
    form = ActivityForm(data={"partners": [far.pk]}, actor=office)
    assert isinstance(form.fields["partners"].widget, SearchSelectMultiple)
    html = form["partners"].as_widget()
    assert 'data-testid="picker-search"' in html and "keep=partners" in html
    assert far.name in listed(form, "partners") and len(listed(form, "partners")) == 3
    assert "partners" not in form.errors  # any organisation in reach validates


def test_a_brand_project_with_few_organisations_keeps_the_plain_select(tree, office, organizations):
    form = BrandProjectForm(actor=office)
    html = form["organization"].as_widget()
    assert "picker-search" not in html and all(name in html for name in NAMES)


def test_the_search_finds_organisations_in_reach_and_keeps_those_selected(
    client, tree, street_user, organizations
):
    client.force_login(street_user)
    url = reverse("community:org-options")
    found = client.get(url, {"q": "会"}).content.decode()
    assert "邻里互助会" in found and "乙街道调解会" not in found  # 乙 is outside the street
    kept = organizations[0]
    answer = client.get(url, {"q": "青少年", "keep": "partners", "partners": [kept.pk]})
    html = answer.content.decode()
    assert f'<option value="{kept.pk}" selected>' in html and "青少年成长中心" in html
    outside = client.get(url, {"q": "x", "keep": "p", "p": [organizations[4].pk]}).content
    assert "乙街道调解会" not in outside.decode()  # a kept id outside reach is not shown
