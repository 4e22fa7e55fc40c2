"""Coordinates: everything is stored in WGS-84 (GPS, what Leaflet and intranet tile servers in
WGS-84 expect). Input in GCJ-02 (the coordinates of Chinese web maps) is converted on the way in
with `gcj02_to_wgs84`; the inverse is exact to well under a metre after two iterations."""

import math

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as GCJ-02 uses
_EE = 0.00669342162296594323


def in_china(lat: float, lon: float) -> bool:
    """Inside the rough bounds of China (as the GCJ-02 conversion and coordinate checks use)."""
    return 73.66 < lon < 135.05 and 3.86 < lat < 53.55


def _outside_china(lat: float, lon: float) -> bool:
    return not in_china(lat, lon)


def _delta_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return value


def _delta_lon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if _outside_china(lat, lon):
        return lat, lon
    d_lat = _delta_lat(lon - 105.0, lat - 35.0)
    d_lon = _delta_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 shift lands on (lat, lon), by fixed-point iteration."""
    wgs_lat, wgs_lon = lat, lon
    for _ in range(5):
        shifted_lat, shifted_lon = wgs84_to_gcj02(wgs_lat, wgs_lon)
        wgs_lat, wgs_lon = wgs_lat + lat - shifted_lat, wgs_lon + lon - shifted_lon
    return wgs_lat, wgs_lon
