"""Unit boundaries (GeoJSON, WGS-84), grids with their workers and the aggregated layers of the
map: validated and imported all or nothing, converted from GCJ-02, scoped, never individuals,
and the map data's query count constant in the number of units and points."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.smart import services
from gongzhi.smart.boundaries import clean_geometry, import_boundaries
from gongzhi.smart.geo import gcj02_to_wgs84, wgs84_to_gcj02
from gongzhi.smart.models import MapPoint, UnitBoundary
from tests.conftest import _add

SQUARE = [[104.26, 30.97], [104.27, 30.97], [104.27, 30.98], [104.26, 30.98], [104.26, 30.97]]


def _polygon(ring=SQUARE):
    return {"type": "Polygon", "coordinates": [ring]}


def _collection(*pairs):
    features = [
        {"type": "Feature", "geometry": geometry, "properties": {"unit": unit}}
        for unit, geometry in pairs
    ]
    return {"type": "FeatureCollection", "features": features}


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        ({"type": "Point", "coordinates": [104.26, 30.97]}, "Polygon 或 MultiPolygon"),
        (_polygon(SQUARE[:-1]), "未闭合"),
        (_polygon(SQUARE[:3]), "至少须有 4 个点"),
        (_polygon([[p[0] - 100, p[1]] for p in SQUARE]), "中国境内"),
        (_polygon([["a", 1]] * 4), "经纬度"),
        ({"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE[:-1]]]}, "未闭合"),
    ],
)
def test_a_wrong_geometry_says_why(geometry, reason):
    with pytest.raises(ValidationError) as error:
        clean_geometry(geometry)
    assert reason in error.value.messages[0]


def test_a_multipolygon_in_china_is_kept_as_given():
    geometry = {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]}
    assert clean_geometry(geometry) == geometry


def test_gcj02_boundaries_are_stored_in_wgs84_consistently_with_points(tree, office):
    gcj_ring = [list(reversed(wgs84_to_gcj02(lat, lon))) for lon, lat in SQUARE]
    import_boundaries(
        actor=office, document=_collection((tree.community_a1.path, _polygon(gcj_ring))), gcj02=True
    )
    stored = UnitBoundary.objects.get(unit=tree.community_a1).geometry["coordinates"][0]
    assert stored == [pytest.approx(position, abs=1e-6) for position in SQUARE]
    lat, lon = gcj02_to_wgs84(gcj_ring[0][1], gcj_ring[0][0])
    assert stored[0] == pytest.approx([lon, lat], abs=1e-7)  # the same conversion as points


def test_import_matches_by_code_or_path_replaces_and_audits(tree, office):
    tree.community_a2.code = "510681001002"
    tree.community_a2.save()
    document = _collection((tree.community_a1.path, _polygon()), ("510681001002", _polygon()))
    assert import_boundaries(actor=office, document=document, dry_run=True) == 2
    assert not UnitBoundary.objects.exists()
    assert import_boundaries(actor=office, document=document) == 2
    assert import_boundaries(actor=office, document=document, generated=True) == 2
    assert UnitBoundary.objects.count() == 2
    assert set(UnitBoundary.objects.values_list("generated", flat=True)) == {True}
    actions = AuditEntry.objects.filter(object_type="smart.unitboundary").values_list("action")
    assert sorted(action for (action,) in actions) == ["create"] * 2 + ["update"] * 2


def test_import_errors_are_named_by_feature_and_nothing_is_saved(tree, street_user):
    document = _collection(
        (tree.community_a1.path, _polygon()),
        (tree.community_b1.path, _polygon()),  # another street's community
        (tree.community_a2.path, _polygon(SQUARE[:-1])),
        (tree.community_a1.path, _polygon()),  # twice
    )
    with pytest.raises(ValidationError) as error:
        import_boundaries(actor=street_user, document=document)
    messages = error.value.messages
    assert [message.split("：")[0] for message in messages] == [
        "features[1].properties.unit",
        "features[2].geometry",
        "features[3].properties.unit",
    ]
    assert not UnitBoundary.objects.exists()


def _data(client, user, unit=None):
    client.force_login(user)
    return client.get(reverse("smart:map-data"), {"unit": unit.pk} if unit else {}).json()


@pytest.fixture
def outlined(tree, office):
    units = [tree.street_a, tree.community_a1, tree.community_a2, tree.grid_a1, tree.community_b1]
    document = _collection(*[(unit.path, _polygon()) for unit in units])
    import_boundaries(actor=office, document=document, generated=True)
    services.gridworker_add(actor=office, grid=tree.grid_a1, name="李建华", phone="13908382101")


def test_a_community_sees_only_its_own_grids_with_boundaries_and_masked_workers(
    client, tree, outlined, community_user
):
    data = _data(client, community_user)
    assert data["unit"]["name"] == "甲一社区" and data["unit"]["generated"] is True
    assert [child["name"] for child in data["children"]] == ["甲一社区第一网格"]
    grid = data["children"][0]
    assert grid["boundary"]["type"] == "Polygon" and grid["generated"] is True
    assert grid["workers"] == [{"name": "李**", "phone": "139****2101"}]
    assert "李建华" not in str(data) and "13908382101" not in str(data)
    client.force_login(community_user)
    other = client.get(reverse("smart:map-data"), {"unit": tree.community_b1.pk})
    assert other.status_code == 404


def test_the_street_sees_its_communities_outlines_not_the_other_streets(
    client, tree, outlined, street_user
):
    children = _data(client, street_user)["children"]
    assert {child["name"]: child["boundary"] is not None for child in children} == {
        "甲一社区": True,
        "甲二社区": True,
    }


def test_grid_workers_live_only_in_grids(tree, office):
    with pytest.raises(ValidationError):
        services.gridworker_add(actor=office, grid=tree.community_a1, name="李建华")


def test_the_map_data_query_count_is_constant_in_units_and_points(client, tree, office):
    def count(unit):
        client.force_login(office)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("smart:map-data"), {"unit": unit.pk}).status_code == 200
        return len(queries)

    def grow(number):
        for index in range(number):
            community = _add(tree.street_a, f"新社区{number}-{index}", "community")
            grid = _add(tree.community_a1, f"新网格{number}-{index}", "grid")
            outlines = _collection((community.path, _polygon()), (grid.path, _polygon()))
            import_boundaries(actor=office, document=outlines)
            services.gridworker_add(actor=office, grid=grid, name="李建华", phone="13908382101")
            MapPoint.objects.create(unit=community, layer="living", kind="药店", name="药店",
                                    latitude=30.97, longitude=104.26)  # fmt: skip

    grow(1)
    count(tree.street_a), count(tree.community_a1)  # warm the per-session caches
    before = count(tree.street_a), count(tree.community_a1)
    grow(5)
    assert (count(tree.street_a), count(tree.community_a1)) == before


def _upload(client, user, document, **options):
    client.force_login(user)
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    upload = SimpleUploadedFile("b.geojson", content, "application/json")
    return client.post(reverse("smart:boundary-import"), {"file": upload, **options})


def test_the_import_page_checks_then_imports_the_file(client, tree, office):
    document = _collection((tree.community_a1.path, _polygon()))
    checked = _upload(client, office, document, dry_run="on")
    assert checked.status_code == 200 and "可导入 1 个边界" in checked.content.decode()
    assert not UnitBoundary.objects.exists()
    assert _upload(client, office, document).status_code == 302
    assert UnitBoundary.objects.get().unit == tree.community_a1


def test_the_import_page_names_the_wrong_features(client, tree, street_user):
    document = _collection((tree.community_b1.path, _polygon()))
    page = _upload(client, street_user, document).content.decode()
    assert "features[0].properties.unit" in page
    assert "不是有效的 GeoJSON" in _upload(client, street_user, b"{").content.decode()
    assert not UnitBoundary.objects.exists()
