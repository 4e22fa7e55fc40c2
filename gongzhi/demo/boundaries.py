"""Generated (示意) boundaries for the demo's streets, communities and the grids of 金山社区:
each community a cell of a lattice, its street the column of its cells, the grids 2 × 2 quarters
of their community, placed so that 金山社区's cell covers its elevators and places. They are not
the real administrative boundaries and the map says so."""

from gongzhi.demo.story import Story
from gongzhi.orgs.models import Unit
from gongzhi.smart.boundaries import import_boundaries
from gongzhi.smart.services import gridworker_add

STREETS = {"雒城街道": ["西城社区", "金山社区", "西湖社区"], "汉州街道": ["京皇社区"]}
PILOT, PILOT_CELL = "金山社区", (104.2660, 30.9770)  # south-west corner of its cell (WGS-84)
CELL = 0.006  # degrees, about 600 m
GRID_ROWS = 2


def _rectangle(west, south, width, height) -> dict:
    east, north = west + width, south + height
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _origin() -> tuple[float, float]:
    for column, communities in enumerate(STREETS.values()):
        if PILOT in communities:
            row = communities.index(PILOT)
            return PILOT_CELL[0] - column * CELL, PILOT_CELL[1] - row * CELL
    raise ValueError(PILOT)


def _grids(pilot: Unit, west, south) -> list[tuple[Unit, dict]]:
    grids = Unit.objects.children_of(pilot).order_by("path")
    half = CELL / GRID_ROWS
    corners = [
        (west + (i % GRID_ROWS) * half, south + (i // GRID_ROWS) * half)
        for i in range(GRID_ROWS * GRID_ROWS)
    ]
    return [
        (grid, _rectangle(x, y, half, half)) for grid, (x, y) in zip(grids, corners, strict=False)
    ]


def boundary_document(story: Story) -> dict:
    west0, south0 = _origin()
    outlines = []
    for column, (street, communities) in enumerate(STREETS.items()):
        west = west0 + column * CELL
        column_height = CELL * len(communities)
        outlines.append((story.unit(street), _rectangle(west, south0, CELL, column_height)))
        for row, name in enumerate(communities):
            outlines.append((story.unit(name), _rectangle(west, south0 + row * CELL, CELL, CELL)))
            if name == PILOT:
                outlines += _grids(story.unit(name), west, south0 + row * CELL)
    features = [
        {"type": "Feature", "geometry": geometry, "properties": {"unit": unit.path}}
        for unit, geometry in outlines
    ]
    return {"type": "FeatureCollection", "features": features}


def write_boundaries(story: Story) -> None:
    document = boundary_document(story)
    import_boundaries(actor=story.user("office"), document=document, generated=True)


# the grid workers of 金山社区's grids (generated names and numbers), one per grid
GRID_WORKERS = [("李建华", "13908382101"), ("王秀英", "13908382102"), ("张志强", "13908382103"),
                ("刘桂芳", "13908382104")]  # fmt: skip


def write_grid_workers(story: Story) -> None:
    grids = Unit.objects.children_of(story.unit(PILOT)).order_by("path")
    for grid, (name, phone) in zip(grids, GRID_WORKERS, strict=False):
        gridworker_add(actor=story.user("jinshan"), grid=grid, name=name, phone=phone)
