"""The map's import commands: a GeoJSON file imported under a user (audited), a dry run that
writes nothing, and errors as one CommandError naming the feature."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongzhi.smart.models import MapPoint, UnitBoundary
from tests.smart.test_boundaries import _collection, _polygon


def _file(tmp_path, document) -> str:
    path = tmp_path / "map.geojson"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_boundaries_import_after_a_dry_run(tmp_path, tree, office):
    path = _file(tmp_path, _collection((tree.community_a1.path, _polygon())))
    assert _run("import_boundaries", path, "--user", office.username, "--dry-run") == (
        "would import 1 boundary(ies)\n"
    )
    assert not UnitBoundary.objects.exists()
    imported = _run("import_boundaries", path, "--user", office.username)
    assert imported == "imported 1 boundary(ies)\n"
    assert UnitBoundary.objects.get().unit == tree.community_a1


def test_points_refuse_a_wrong_feature_and_an_unknown_user(tmp_path, tree, community_user):
    point = {"type": "Point", "coordinates": [104.26841, 30.97912]}
    feature = {
        "type": "Feature",
        "geometry": point,
        "properties": {"name": "AED", "layer": "shops", "kind": "AED", "unit": "甲一社区"},
    }
    path = _file(tmp_path, {"type": "FeatureCollection", "features": [feature]})  # fmt: skip
    with pytest.raises(CommandError, match=r"features\[0\]\.properties\.layer"):
        _run("import_map_points", path, "--user", community_user.username)
    with pytest.raises(CommandError, match="unknown user"):
        _run("import_map_points", path, "--user", "nobody")
    feature["properties"]["layer"] = "emergency"
    path = _file(tmp_path, {"type": "FeatureCollection", "features": [feature]})
    assert _run("import_map_points", path, "--user", community_user.username) == (
        "imported 1 point(s)\n"
    )
    assert MapPoint.objects.get().name == "AED"
