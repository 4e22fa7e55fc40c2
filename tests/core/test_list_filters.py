"""List pages filter through their FilterSets: search, choices, and 400 for values that make no
sense (named on the page, nothing listed)."""

import pytest
from django.urls import reverse

from gongzhi.community.models import BrandProject, SocialOrganization


@pytest.fixture
def orgs(tree):
    return [
        SocialOrganization.objects.create(
            name=name, unit=tree.community_a1, category=category, filing="filed"
        )
        for name, category in (("书画协会", "culture"), ("睦邻互助队", "living"))
    ]


def _names(response):
    return sorted(row.name for row in response.context["object_list"])


def test_search_and_choice_filters_narrow_the_list(client, community_user, orgs):
    client.force_login(community_user)
    url = reverse("community:org-list")
    assert _names(client.get(url)) == ["书画协会", "睦邻互助队"]
    assert _names(client.get(url, {"q": "书画"})) == ["书画协会"]
    assert _names(client.get(url, {"category": "living"})) == ["睦邻互助队"]
    page = client.get(url, {"q": "书画"}).content.decode()
    assert 'value="书画"' in page  # the filter bar keeps what was asked


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("community:brand-list", {"year": "abc"}),
        ("community:brand-list", {"year": "99999"}),
        ("community:org-list", {"category": "no-such-category"}),
        ("core:audit-list", {"since": "2024-13-45"}),
        ("orgs:unit-list", {"kind": "planet"}),
        ("activities:activity-list", {"type": "x"}),
    ],
)
def test_a_nonsense_filter_value_answers_400_with_the_field_named(
    client, office, tree, url_name, params
):
    BrandProject.objects.create(name="邻里节", unit=tree.community_a1, year=2024)
    client.force_login(office)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 400
    assert list(response.context["object_list"]) == []
    field = next(iter(params))
    label = str(response.context["filter"].form.fields[field].label)
    assert f"{label}：" in response.content.decode()


def test_a_year_filter_lists_that_years_projects(client, office, tree):
    for year in (2023, 2024):
        BrandProject.objects.create(name=f"邻里节{year}", unit=tree.community_a1, year=year)
    client.force_login(office)
    response = client.get(reverse("community:brand-list"), {"year": "2024"})
    assert [project.year for project in response.context["object_list"]] == [2024]
