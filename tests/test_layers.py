"""The apps are layered: each imports only itself and the layers below it (ARCHITECTURE.md)."""

import ast
from pathlib import Path

import gongzhi

# From the ground up. An app may import apps of lower layers only; apps sharing a layer are
# peers and do not import each other.
LAYERS = [
    {"core"},
    {"orgs"},
    {"accounts"},
    {"programs"},
    {"progress"},
    {"community"},
    {"activities", "services"},
    {"selfgov", "residents", "surveys", "funds", "supervision", "smart", "cases"},
    {"evaluation", "exchange"},
    {"dashboards", "documents", "api"},
    {"archives"},
    {"demo"},
]
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
ROOT = Path(gongzhi.__file__).parent


def imported_apps(path: Path) -> set[str]:
    """The gongzhi apps a module imports, at the top or inside functions."""
    modules = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
            modules += [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
    return {m.split(".")[1] for m in modules if m.startswith("gongzhi.") and m.count(".") >= 1}


def app_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) > 1 and "migrations" not in parts:
            yield parts[0], path


def upward_imports() -> list[str]:
    found = []
    for app, path in app_modules():
        for other in imported_apps(path) & set(LEVEL):
            if other != app and LEVEL[other] >= LEVEL[app]:
                found.append(f"{path.relative_to(ROOT)} imports {other}")
    return found


def test_every_app_has_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(LEVEL), "add the new app to LAYERS (and to README's layout)"


def test_no_app_imports_a_layer_above_or_beside_it():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "upward.py"
    module.write_text("def f():\n    from gongzhi.progress.models import Report\n")
    assert imported_apps(module) == {"progress"}
