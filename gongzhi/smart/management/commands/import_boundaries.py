"""Import unit boundaries from a GeoJSON FeatureCollection (properties.unit = code or path).

manage.py import_boundaries boundaries.geojson --user office [--gcj02] [--dry-run]
"""

from gongzhi.smart.boundaries import import_boundaries
from gongzhi.smart.map_file_command import MapFileCommand


class Command(MapFileCommand):
    help = "Import unit boundaries from GeoJSON (all or nothing; --dry-run only checks)."
    what = "boundary(ies)"

    def run(self, **options) -> int:
        return import_boundaries(**options)
