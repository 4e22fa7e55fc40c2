"""The working-group page: the region's roles read the group; roles inside the region are told
who set it up instead of being told there is none."""

import pytest
from django.urls import reverse

GROUP = "广汉市城乡社区治理“创特色”工程工作组"
SET_UP_BY = "工作组由广汉市设立，成员名单由工作组办公室维护，不在本账号的查看范围内。"


@pytest.mark.parametrize("username", ["office", "finance"])
def test_region_roles_read_the_group(client, demo, demo_users, username):
    client.force_login(demo_users[username])
    page = client.get(reverse("orgs:working-group")).content.decode()
    assert GROUP in page
    assert "尚未设立工作组" not in page and "set-up-by" not in page


@pytest.mark.parametrize("username", ["street", "community", "agency", "thirdparty"])
def test_roles_inside_the_region_are_told_who_set_the_group_up(
    client, demo, demo_users, username
):
    client.force_login(demo_users[username])
    page = client.get(reverse("orgs:working-group")).content.decode()
    assert SET_UP_BY in page
    assert "尚未设立工作组" not in page


def test_a_region_without_a_group_says_so(client, office):
    client.force_login(office)
    page = client.get(reverse("orgs:working-group")).content.decode()
    assert "尚未设立工作组。" in page and "set-up-by" not in page
