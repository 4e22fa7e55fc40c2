"""Unit boundaries from GeoJSON: a FeatureCollection of Polygon or MultiPolygon features, each
naming its unit in `properties.unit` by code or by path. Rings must be closed, every position
inside China's bounds; coordinates are WGS-84 unless the file is GCJ-02 (`gcj02=True`), then they
are converted. Checked whole first (errors by feature); written all together or not at all."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongzhi.core.access import access_for
from gongzhi.core.audit import Action, audit_records, snapshot
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit
from gongzhi.smart.geo import gcj02_to_wgs84
from gongzhi.smart.models import UnitBoundary

# longitude, latitude bounds of China (as the GCJ-02 conversion uses)
CHINA = (73.66, 135.05, 3.86, 53.55)
MAX_POSITIONS = 5000


def _position(value, gcj02) -> list[float] | None:
    if not (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(number, int | float) for number in value[:2])
    ):
        return None
    lon, lat = value[0], value[1]
    if not (CHINA[0] < lon < CHINA[1] and CHINA[2] < lat < CHINA[3]):
        return None
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return [round(lon, 7), round(lat, 7)]


def _ring(ring, gcj02) -> list | str:
    """The ring in WGS-84, or the reason it is wrong."""
    if not isinstance(ring, list) or len(ring) < 4:
        return _("环至少须有 4 个点")
    if ring[0] != ring[-1]:
        return _("环未闭合（首尾点须相同）")
    positions = [_position(value, gcj02) for value in ring]
    if any(position is None for position in positions):
        return _("坐标须是经纬度，且在中国境内")
    return positions


def _polygon(rings, gcj02) -> list | str:
    if not isinstance(rings, list) or not rings:
        return _("多边形须至少有一个环")
    converted = [_ring(ring, gcj02) for ring in rings]
    problems = [ring for ring in converted if isinstance(ring, str)]
    return problems[0] if problems else converted


def clean_geometry(geometry, *, gcj02=False) -> dict:
    """The geometry in WGS-84, or ValidationError saying what is wrong with it."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        result = _polygon(coordinates, gcj02)
    elif kind == "MultiPolygon" and isinstance(coordinates, list) and coordinates:
        polygons = [_polygon(polygon, gcj02) for polygon in coordinates]
        problems = [polygon for polygon in polygons if isinstance(polygon, str)]
        result = problems[0] if problems else polygons
    else:
        result = _("类型须是 Polygon 或 MultiPolygon")
    if isinstance(result, str):
        raise ValidationError(result)
    if sum(len(ring) for ring in _rings(kind, result)) > MAX_POSITIONS:
        raise ValidationError(_("点数过多（最多 %(count)s 个）") % {"count": MAX_POSITIONS})
    return {"type": kind, "coordinates": result}


def _rings(kind, coordinates):
    polygons = coordinates if kind == "MultiPolygon" else [coordinates]
    return [ring for polygon in polygons for ring in polygon]


def _units_kept_by(actor) -> dict[str, Unit]:
    reach = access_for(actor)
    units = {}
    for unit in Unit.objects.visible_to(actor):
        if reach.reaches(unit, Perm.MANAGE_GRIDS) or reach.reaches(unit, Perm.MANAGE_UNITS):
            units[unit.path] = unit
            if unit.code:
                units[unit.code] = unit
    return units


def plan_boundaries(*, actor, document, gcj02=False) -> list[tuple[Unit, dict]]:
    """(unit, WGS-84 geometry) per feature, or ValidationError listing every wrong feature."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("文件须是 GeoJSON FeatureCollection。"))
    units = _units_kept_by(actor)
    plans, errors, seen = [], [], set()
    for index, feature in enumerate(document.get("features") or []):
        where = f"features[{index}]"
        feature = feature if isinstance(feature, dict) else {}
        unit = units.get(str((feature.get("properties") or {}).get("unit", "")))
        if unit is None:
            message = _("%(where)s.properties.unit：须是您可以维护的单位的编码或路径。")
            errors.append(message % {"where": where})
        elif unit.pk in seen:
            errors.append(_("%(where)s.properties.unit：单位重复。") % {"where": where})
        try:
            geometry = clean_geometry(feature.get("geometry"), gcj02=gcj02)
        except ValidationError as error:
            errors.append(f"{where}.geometry：{error.messages[0]}。")
            continue
        if unit is not None and unit.pk not in seen:
            seen.add(unit.pk)
            plans.append((unit, geometry))
    if errors:
        raise ValidationError(errors)
    return plans


def import_boundaries(*, actor, document, gcj02=False, generated=False, dry_run=False) -> int:
    """Check the whole file, then create or replace each unit's boundary in one transaction."""
    plans = plan_boundaries(actor=actor, document=document, gcj02=gcj02)
    if dry_run:
        return len(plans)
    with transaction.atomic():
        existing = {
            boundary.unit_id: boundary
            for boundary in UnitBoundary.objects.select_for_update().filter(
                unit__in=[unit for unit, _geometry in plans]
            )
        }
        entries = []
        for unit, geometry in plans:
            boundary = existing.get(unit.pk) or UnitBoundary(unit=unit)
            before = snapshot(boundary) if boundary.pk else None
            boundary.geometry, boundary.generated = geometry, generated
            boundary.save()
            entries.append((Action.UPDATE if before else Action.CREATE, boundary, before,
                            snapshot(boundary)))  # fmt: skip
        audit_records(actor=actor, entries=entries, message=_("导入单位边界"))
    return len(plans)
