"""Import the map's places (emergency resources, living facilities) from a GeoJSON file.

manage.py import_map_points places.geojson --user jinshan [--gcj02] [--dry-run]
"""

from gongzhi.smart.map_file_command import MapFileCommand
from gongzhi.smart.points import import_points


class Command(MapFileCommand):
    help = "Import map points from GeoJSON (all or nothing; --dry-run only checks)."
    what = "point(s)"

    def run(self, **options) -> int:
        return import_points(**options)
