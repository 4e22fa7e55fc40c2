"""一张图's data: scoped, drilled down with a breadcrumb, WGS-84, elevators and open alarms."""

from decimal import Decimal

from django.urls import reverse

from gongzhi.smart.ingest import ingest
from tests.smart.conftest import payload


def _data(client, user, unit=None):
    client.force_login(user)
    query = {"unit": unit.pk} if unit is not None else {}
    return client.get(reverse("smart:map-data"), query)


def test_the_street_sees_its_communities_elevators_and_open_alarms(
    client, tree, device, street_user
):
    device.latitude, device.longitude = Decimal("30.979120"), Decimal("104.268410")
    device.save()
    ingest(payload(sequence=1, fault="trapped"), channel="http")
    data = _data(client, street_user).json()
    assert data["crs"] == "WGS-84"
    assert [crumb["name"] for crumb in data["breadcrumb"]] == ["甲街道"]
    children = {child["name"]: child["devices"] for child in data["children"]}
    assert children == {"甲一社区": 1, "甲二社区": 0}
    assert data["devices"] == [
        {"id": device.pk, "name": "3栋 · 1号梯", "point": [30.97912, 104.26841], "open_alarms": 1}
    ]
    assert [alarm["fault"] for alarm in data["alarms"]] == ["困人"]


def test_drilling_down_shows_the_breadcrumb_and_only_that_unit(client, tree, device, street_user):
    data = _data(client, street_user, tree.community_a2).json()
    assert [crumb["name"] for crumb in data["breadcrumb"]] == ["甲街道", "甲二社区"]
    assert data["devices"] == []


def test_a_unit_out_of_reach_is_not_found(client, tree, device, community_user):
    assert _data(client, community_user, tree.street_b).status_code == 404
    assert _data(client, community_user, tree.street_a).status_code == 404


def test_the_map_page_needs_no_tile_server(client, tree, community_user, settings):
    settings.GZ_MAP_TILE_URL = ""
    client.force_login(community_user)
    page = client.get(reverse("smart:map")).content.decode()
    assert 'data-tiles=""' in page and "leaflet.js" in page
    settings.GZ_MAP_TILE_URL = "https://tiles.intranet/{z}/{x}/{y}.png"
    page = client.get(reverse("smart:map")).content.decode()
    assert 'data-tiles="https://tiles.intranet/{z}/{x}/{y}.png"' in page
