"""Each module's endpoints, one file per app; adding an app's API is a file here and its name in
ENDPOINT_MODULES (the registry takes the rest)."""

from importlib import import_module

ENDPOINT_MODULES = [
    "orgs",
    "programs",
    "progress",
    "community",
    "activities",
    "residents",
    "surveys",
    "services",
    "funds",
    "evaluation",
    "smart",
    "cases",
    "supervision",
]

for _name in ENDPOINT_MODULES:
    import_module(f"{__name__}.{_name}")
