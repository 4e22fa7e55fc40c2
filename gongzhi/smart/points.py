"""The map's places from GeoJSON: a FeatureCollection of Points, each with properties `name`,
`layer` (emergency | living), `kind` (e.g. AED, 避难场所, 菜场, 药店) and `unit` (the name or code
of the unit it lies in). Coordinates are WGS-84 unless the file says GCJ-02 (`gcj02=True`).
Checked whole first; written all together or not at all."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_records, snapshot
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.smart.geo import gcj02_to_wgs84
from gongzhi.smart.models import MapPoint, PointLayer


def _text(properties, name, where, errors, limit=100) -> str:
    value = properties.get(name)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        errors.append(
            _("%(where)s.properties.%(field)s：缺失或过长。") % {"where": where, "field": name}
        )
        return ""
    return value.strip()


def _coordinates(feature, where, errors, gcj02):
    geometry = feature.get("geometry") or {}
    point = geometry.get("coordinates")
    valid = (
        geometry.get("type") == "Point"
        and isinstance(point, list)
        and len(point) >= 2
        and all(isinstance(value, int | float) for value in point[:2])
        and -180 <= point[0] <= 180
        and -90 <= point[1] <= 90
    )
    if not valid:
        errors.append(_("%(where)s.geometry：须是经纬度点（Point）。") % {"where": where})
        return None
    lat, lon = point[1], point[0]
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def plan_points(*, actor, document, gcj02=False, generated=False) -> list[MapPoint]:
    """The points of the file, or ValidationError listing every wrong place by its position."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("文件须是 GeoJSON FeatureCollection。"))
    reach = access_for(actor)
    units = {}
    for unit in Unit.objects.visible_to(actor):
        if reach.reaches(unit, Perm.MANAGE_GRIDS):
            units[unit.name] = units[unit.code or unit.name] = unit
    points, errors = [], []
    for index, feature in enumerate(document.get("features") or []):
        where = f"features[{index}]"
        properties = feature.get("properties") or {} if isinstance(feature, dict) else {}
        point = _coordinates(feature if isinstance(feature, dict) else {}, where, errors, gcj02)
        name, kind = (
            _text(properties, "name", where, errors),
            _text(properties, "kind", where, errors, 50),
        )
        layer, unit = properties.get("layer"), units.get(properties.get("unit"))
        if layer not in PointLayer.values:
            errors.append(
                _("%(where)s.properties.layer：须是 emergency 或 living。") % {"where": where}
            )
        if unit is None:
            errors.append(_("%(where)s.properties.unit：不是您可以维护的单位。") % {"where": where})
        if point and name and kind and layer in PointLayer.values and unit is not None:
            points.append(
                MapPoint(unit=unit, layer=layer, kind=kind, name=name, latitude=point[0],
                         longitude=point[1], generated=generated)
            )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    return points


def import_points(*, actor, document, gcj02=False, generated=False, dry_run=False) -> int:
    """Check the whole file, then write every point in one transaction (nothing on dry run)."""
    points = plan_points(actor=actor, document=document, gcj02=gcj02, generated=generated)
    if dry_run:
        return len(points)
    with transaction.atomic():
        for point in points:
            point.save()
        audit_records(
            actor=actor,
            entries=[(Action.CREATE, point, None, snapshot(point)) for point in points],
            message=_("导入地图点位"),
        )
    return len(points)
