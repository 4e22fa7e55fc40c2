"""The API's modules: each app's endpoints live in one file under `endpoints/` that calls
`register` for its viewsets; a token's scope names these modules."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    prefix: str
    viewset: type
    basename: str


ROUTES: list[Route] = []
MODULES: dict[str, str] = {}  # module name → its label on the token page


def module(name: str, label) -> str:
    MODULES.setdefault(name, label)
    return name


def register(prefix: str, viewset: type, basename: str = "") -> type:
    if viewset.module not in MODULES:
        raise ValueError(f"{viewset.__name__}: unknown API module {viewset.module!r}")
    ROUTES.append(Route(prefix, viewset, basename or prefix.replace("/", "-")))
    return viewset


def module_names() -> list[str]:
    from gongzhi.api import endpoints  # noqa: F401  (fills the registry)

    return list(MODULES)
