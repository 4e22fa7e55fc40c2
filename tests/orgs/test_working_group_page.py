"""The working-group page: every role inside the region reads the group, as it reads the
program; a region without one says so."""

import pytest
from django.urls import reverse

GROUP = "广汉市城乡社区治理“创特色”工程工作组"


@pytest.mark.parametrize(
    "username", ["office", "finance", "street", "community", "agency", "thirdparty"]
)
def test_every_role_in_the_region_reads_the_group(client, demo, demo_users, username):
    client.force_login(demo_users[username])
    page = client.get(reverse("orgs:working-group")).content.decode()
    assert GROUP in page
    assert "尚未设立工作组" not in page and "set-up-by" not in page


def test_a_region_without_a_group_says_so(client, office):
    client.force_login(office)
    page = client.get(reverse("orgs:working-group")).content.decode()
    assert "尚未设立工作组。" in page and "set-up-by" not in page
