"""One map (一张图), in WGS-84: the unit chosen (by default the outermost one the user reaches),
its breadcrumb, its child units with their elevators and open alarms counted, and the elevators
under it with their open alarms. Scoped like every page: a unit outside the user's reach is 404."""

from django.db.models import Count, Q
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


def _point(latitude, longitude):
    return None if latitude is None else [float(latitude), float(longitude)]


def map_data(user, unit, units) -> dict:
    devices = ElevatorDevice.objects.visible_to(user, Perm.VIEW_SMART).filter(
        community__path__startswith=unit.path
    )
    open_alarms = ~Q(alarms__state=Alarm.State.RESOLVED)
    rows = devices.annotate(open=Count("alarms", filter=open_alarms)).values(
        "pk", "building", "name", "latitude", "longitude", "open"
    )
    own = UnitBoundary.objects.visible_to(user).filter(unit=unit).first()
    alarms = (
        Alarm.objects.visible_to(user, Perm.VIEW_SMART)
        .open()
        .filter(device__community__path__startswith=unit.path)
        .values("pk", "device_id", "fault", "state", "received_at")[:200]
    )
    return {
        "crs": CRS,
        "unit": {"id": unit.pk, "name": unit.name, "kind": unit.kind, **_outline(own)},
        "breadcrumb": [{"id": u.pk, "name": u.name} for u in [*ancestors_of(unit, units), unit]],
        "children": _children(user, unit, units, devices),
        "devices": [
            {
                "id": row["pk"],
                "name": f"{row['building']} · {row['name']}",
                "point": _point(row["latitude"], row["longitude"]),
                "open_alarms": row["open"],
            }
            for row in rows
        ],
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


def _children(user, unit, units, devices) -> list[dict]:
    """The unit's child units (drill-down), each with figures, never individuals: its
    elevators, its volunteers in service and its resident population (latest statistics); its
    boundary, and for a grid its workers (masked)."""
    children = list(
        units.filter(
            path__startswith=unit.path, depth=unit.depth + 1, kind__in=AREA_KINDS
        ).order_by("path")
    )
    device_paths = list(devices.values_list("community__path", flat=True))
    volunteer_paths = list(
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
            "devices": sum(path.startswith(child.path) for path in device_paths),
            "volunteers": sum(path.startswith(child.path) for path in volunteer_paths),
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
        .values("layer", "kind", "name", "latitude", "longitude", "generated")
    )
    return [
        {
            "layer": row["layer"],
            "layer_label": str(labels[row["layer"]]),
            "kind": row["kind"],
            "name": row["name"],
            "point": _point(row["latitude"], row["longitude"]),
            "generated": row["generated"],
        }
        for row in rows
    ]
