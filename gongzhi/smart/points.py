"""The map's places (emergency resources, living facilities), from a GeoJSON file or an Excel
sheet (gongzhi.smart.point_sheet). GeoJSON: a FeatureCollection of Points, each with properties
`name`, `layer` (emergency | living), `kind` (e.g. AED, 避难场所, 菜场, 药店) and `unit` (the name
or code of the unit it lies in). Coordinates are WGS-84 unless the file says GCJ-02
(`gcj02=True`). Checked whole first; written all together or not at all."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
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

GEOJSON_FIELDS = {
    "name": "properties.name",
    "kind": "properties.kind",
    "layer": "properties.layer",
    "unit": "properties.unit",
    "point": "geometry",
}


@dataclass(frozen=True)
class Entry:
    """One place as read from a file, not yet checked; `place(field)` says where a field is in
    the file (features[3].properties.name, 第 4 行“名称”) for the messages."""

    place: Callable[[str], str]
    name: object
    kind: object
    layer: object
    unit: object
    latitude: object
    longitude: object


def geojson_entries(document) -> list[Entry]:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise ValidationError(_("文件须是 GeoJSON FeatureCollection。"))
    entries = []
    for index, feature in enumerate(document.get("features") or []):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        geometry = feature.get("geometry") or {}
        point = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        longitude, latitude = point[:2] if isinstance(point, list) and len(point) >= 2 else (0, 0)
        entries.append(
            Entry(
                place=lambda field, index=index: f"features[{index}].{GEOJSON_FIELDS[field]}",
                name=properties.get("name"),
                kind=properties.get("kind"),
                layer=properties.get("layer"),
                unit=properties.get("unit"),
                latitude=latitude if point else None,
                longitude=longitude if point else None,
            )
        )
    return entries


def _text(entry: Entry, field: str, errors: list, limit: int = 100) -> str:
    value = getattr(entry, field)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        errors.append(_("%(place)s：缺失或过长。") % {"place": entry.place(field)})
        return ""
    return value.strip()


def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _coordinates(entry: Entry, errors: list, gcj02: bool) -> tuple[Decimal, Decimal] | None:
    lat, lon = _number(entry.latitude), _number(entry.longitude)
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        errors.append(_("%(place)s：须是有效的经纬度点。") % {"place": entry.place("point")})
        return None
    if gcj02:
        lat, lon = gcj02_to_wgs84(lat, lon)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _layer(entry: Entry, errors: list) -> str | None:
    labels = {str(label): value for value, label in PointLayer.choices}
    layer = labels.get(entry.layer, entry.layer)
    if layer not in PointLayer.values:
        message = _("%(place)s：须是 emergency（应急资源）或 living（生活配套）。")
        errors.append(message % {"place": entry.place("layer")})
        return None
    return layer


def _units_kept_by(actor) -> dict[str, Unit]:
    reach = access_for(actor)
    units = {}
    for unit in Unit.objects.visible_to(actor):
        if reach.reaches(unit, Perm.MANAGE_GRIDS):
            units[unit.name] = units[unit.code or unit.name] = unit
    return units


def _checked(entry: Entry, units: dict, errors: list, gcj02: bool, generated: bool):
    """The entry as a MapPoint to save, or None with what is wrong added to `errors`."""
    found = len(errors)
    point = _coordinates(entry, errors, gcj02)
    name, kind = _text(entry, "name", errors), _text(entry, "kind", errors, 50)
    layer, unit = _layer(entry, errors), units.get(entry.unit)
    if unit is None:
        errors.append(_("%(place)s：不是您可以维护的单位。") % {"place": entry.place("unit")})
    if len(errors) > found:
        return None
    return MapPoint(unit=unit, layer=layer, kind=kind, name=name, latitude=point[0],
                    longitude=point[1], generated=generated)  # fmt: skip


def plan_points(*, actor, entries: Iterable[Entry], gcj02=False, generated=False) -> list:
    """The places as MapPoints, or ValidationError listing every wrong field by its place."""
    units, errors = _units_kept_by(actor), []
    points = [_checked(entry, units, errors, gcj02, generated) for entry in entries]
    if errors:
        raise ValidationError(errors)
    return points


def import_points(*, actor, document=None, entries=None, gcj02=False, generated=False,
                  dry_run=False) -> int:  # fmt: skip
    """Check the whole file (a GeoJSON `document`, or `entries` read from a sheet), then write
    every point in one transaction (nothing on dry run)."""
    entries = geojson_entries(document) if entries is None else entries
    points = plan_points(actor=actor, entries=entries, gcj02=gcj02, generated=generated)
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
