"""One map (一张图), in WGS-84: the unit chosen (by default the outermost one the user reaches),
its breadcrumb, its child units with their elevators and open alarms counted, and the elevators
under it with their open alarms. Scoped like every page: a unit outside the user's reach is 404."""

from collections import Counter

from django.db.models import Count, FloatField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from gongzhi.community.models import Volunteer
from gongzhi.core.kinds import COMMUNITY_KINDS, REGION_KINDS, STREET_KINDS, UnitKind
from gongzhi.core.roles import Perm
from gongzhi.orgs.models import Unit, UnitStatistics
from gongzhi.orgs.selectors import ancestors_of
from gongzhi.smart.models import (
    Alarm,
    ElevatorDevice,
    FaultType,
    GridWorker,
    MapPoint,
    PointLayer,
    UnitBoundary,
)

CRS = "WGS-84"


def chosen_unit(user, unit_id: str):
    units = Unit.objects.visible_to(user, Perm.VIEW_SMART)
    if unit_id:
        unit = units.filter(pk=unit_id).first() if unit_id.isdigit() else None
    else:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise Http404
    return unit, units


# Coordinates read as floats by the database: no Decimal per value (the map may hold tens of
# thousands of elevators; see docs/benchmarks.md).
LATITUDE = Cast("latitude", FloatField())
LONGITUDE = Cast("longitude", FloatField())


def map_data(user, unit, units) -> dict:
    devices = ElevatorDevice.objects.visible_to(user, Perm.VIEW_SMART).filter(
        community__path__startswith=unit.path
    )
    rows = devices.order_by().values_list(
        "pk", "building", "name", LATITUDE, LONGITUDE, "community__path"
    )
    own = UnitBoundary.objects.visible_to(user).filter(unit=unit).first()
    open_alarms = (
        Alarm.objects.visible_to(user, Perm.VIEW_SMART)
        .open()
        .filter(device__community__path__startswith=unit.path)
    )
    alarms = open_alarms.values("pk", "device_id", "fault", "state", "received_at")[:200]
    return {
        "crs": CRS,
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind, **_outline(own)},
        "breadcrumb": [{"id": u.pk, "name": u.name} for u in [*ancestors_of(unit, units), unit]],
        **_devices_and_children(user, unit, units, rows, open_alarms),
        "points": _points(user, unit),
        "alarms": [
            {
                "id": row["pk"],
                "device": row["device_id"],
                "fault": str(FaultType(row["fault"]).label),
                "state": row["state"],
                "received_at": timezone.localtime(row["received_at"]).isoformat(),
            }
            for row in alarms
        ],
    }


# Units that are places on the map; departments and service providers are not.
AREA_KINDS = REGION_KINDS | STREET_KINDS | COMMUNITY_KINDS | {UnitKind.GRID}


def _devices_and_children(user, unit, units, rows, open_alarms) -> dict:
    """The elevators under the unit, with their open alarms counted, and the child units, each
    counting the elevators under it."""
    opened = dict(open_alarms.order_by().values_list("device_id").annotate(Count("pk")))
    rows = list(rows)
    devices = [
        {
            "id": pk,
            "name": f"{building} · {name}",
            "point": None if latitude is None else [latitude, longitude],
            "open_alarms": opened.get(pk, 0),
        }
        for pk, building, name, latitude, longitude, _path in rows
    ]
    per_community = Counter(row[5] for row in rows)
    return {"children": _children(user, unit, units, per_community), "devices": devices}


def _under(path: str, counts: Counter) -> int:
    return sum(count for place, count in counts.items() if place.startswith(path))


def _children(user, unit, units, devices: Counter) -> list[dict]:
    """The unit's child units (drill-down), each with figures, never individuals: its
    elevators (`devices`: how many per community path), its volunteers in service and its
    resident population (latest statistics); its boundary, and for a grid its workers
    (masked)."""
    children = list(
        units.filter(
            path__startswith=unit.path, depth=unit.depth + 1, kind__in=AREA_KINDS
        ).order_by("path")
    )
    volunteers = Counter(
        Volunteer.objects.visible_to(user)
        .in_use()
        .filter(unit__path__startswith=unit.path)
        .values_list("unit__path", flat=True)
    )
    boundaries = {
        boundary.unit_id: boundary
        for boundary in UnitBoundary.objects.visible_to(user).filter(unit__in=children)
    }
    workers: dict[int, list[dict]] = {}
    for worker in GridWorker.objects.visible_to(user).filter(grid__in=children):
        workers.setdefault(worker.grid_id, []).append(
            {"name": str(worker.name), "phone": str(worker.phone)}
        )  # masked: 张**, 138****0001
    residents = dict(
        UnitStatistics.objects.visible_to(user)
        .filter(unit__in=children, residents__isnull=False)
        .order_by("unit_id", "year")
        .values_list("unit_id", "residents")
    )  # the latest year of each unit wins
    return [
        {
            "id": child.pk,
            "name": child.name,
            "kind": child.kind,
            "devices": _under(child.path, devices),
            "volunteers": _under(child.path, volunteers),
            "residents": residents.get(child.pk),
            "workers": workers.get(child.pk, []),
            **_outline(boundaries.get(child.pk)),
        }
        for child in children
    ]


def _outline(boundary) -> dict:
    """The child's boundary (GeoJSON geometry, WGS-84) and whether it is only illustrative."""
    if boundary is None:
        return {"boundary": None, "generated": False}
    return {"boundary": boundary.geometry, "generated": boundary.generated}


def _points(user, unit) -> list[dict]:
    """Emergency resources and living facilities under the unit."""
    labels = dict(PointLayer.choices)
    rows = (
        MapPoint.objects.visible_to(user, Perm.VIEW_SMART)
        .filter(unit__path__startswith=unit.path)
        .values("layer", "kind", "name", "generated", lat=LATITUDE, lon=LONGITUDE)
    )
    return [
        {
            "layer": row["layer"],
            "layer_label": str(labels[row["layer"]]),
            "kind": row["kind"],
            "name": row["name"],
            "point": [row["lat"], row["lon"]],
            "generated": row["generated"],
        }
        for row in rows
    ]
