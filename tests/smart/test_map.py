"""一张图's data: scoped, drilled down with a breadcrumb, WGS-84, elevators and open alarms."""

from decimal import Decimal

import pytest
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


def _feature(name="社区AED", layer="emergency", unit="甲一社区", point=(104.26841, 30.97912)):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": list(point)},
        "properties": {"name": name, "layer": layer, "kind": "AED", "unit": unit},
    }


def _collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def test_points_import_from_geojson_and_show_on_the_map(client, tree, community_user):
    from gongzhi.core.models import AuditEntry
    from gongzhi.smart.models import MapPoint
    from gongzhi.smart.points import import_points

    document = _collection(_feature(), _feature("金山菜场", "living"))
    assert import_points(actor=community_user, document=document, dry_run=True) == 2
    assert not MapPoint.objects.exists()
    assert import_points(actor=community_user, document=document) == 2
    assert AuditEntry.objects.filter(object_type="smart.mappoint").count() == 2
    points = _data(client, community_user).json()["points"]
    assert {(p["layer_label"], p["name"]) for p in points} == {
        ("应急资源", "社区AED"),
        ("生活配套", "金山菜场"),
    }
    assert points[0]["point"] == [30.97912, 104.26841]


def test_a_wrong_feature_is_named_and_nothing_is_imported(tree, community_user):
    from django.core.exceptions import ValidationError

    from gongzhi.smart.models import MapPoint
    from gongzhi.smart.points import import_points

    document = _collection(
        _feature(), _feature(layer="shops"), _feature(unit="乙一社区"), _feature(point=(500, 1))
    )
    with pytest.raises(ValidationError) as error:
        import_points(actor=community_user, document=document)
    text = " ".join(error.value.messages)
    assert "features[1].properties.layer" in text
    assert "features[2].properties.unit" in text  # another street's community
    assert "features[3].geometry" in text
    assert not MapPoint.objects.exists()


def test_gcj02_points_are_stored_in_wgs84(tree, community_user):
    from gongzhi.smart.geo import gcj02_to_wgs84
    from gongzhi.smart.models import MapPoint
    from gongzhi.smart.points import import_points

    import_points(actor=community_user, document=_collection(_feature()), gcj02=True)
    point = MapPoint.objects.get()
    lat, lon = gcj02_to_wgs84(30.97912, 104.26841)
    assert (float(point.latitude), float(point.longitude)) == pytest.approx((lat, lon), abs=1e-6)


def test_children_carry_volunteers_and_residents_as_figures_only(client, tree, street_user):
    from gongzhi.community.models import Volunteer
    from gongzhi.orgs.models import UnitStatistics

    for number in range(3):
        Volunteer.objects.create(name="志愿者", unit=tree.community_a1, phone=f"1390000000{number}")
    UnitStatistics.objects.create(unit=tree.community_a1, year=2023, residents=4000)
    UnitStatistics.objects.create(unit=tree.community_a1, year=2024, residents=4200)
    data = _data(client, street_user).json()
    figures = {c["name"]: (c["volunteers"], c["residents"]) for c in data["children"]}
    assert figures == {"甲一社区": (3, 4200), "甲二社区": (0, None)}
    assert "1390000000" not in str(data)


def test_the_region_lists_its_streets_not_its_departments_or_agencies(client, tree, office):
    names = {child["name"] for child in _data(client, office, tree.region).json()["children"]}
    assert {tree.street_a.name, tree.street_b.name} <= names
    assert not names & {tree.civil.name, tree.agency_a.name, tree.evaluator_a.name}
