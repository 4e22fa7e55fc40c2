"""Materialised paths of the unit tree: each level adds STEPLEN characters."""

STEPLEN = 4


def path_and_ancestors(path: str) -> list[str]:
    """The path of a unit and of every unit above it, top first."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]
