"""The apps stand in layers (surveillance_map/layers.py): no upward import, no cycle."""

import ast
from pathlib import Path

import pytest

from surveillance_map.layers import LAYERS

PACKAGE = Path(__file__).resolve().parent.parent / "surveillance_map"


def app_imports(package: Path) -> set[tuple[str, str, str]]:
    """(importing app, imported app, where) for every import between two layered apps,
    including imports inside functions."""
    found = set()
    for path in package.rglob("*.py"):
        source = path.relative_to(package).parts[0]
        if source not in LAYERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                app = parts[1] if parts[0] == package.name and len(parts) > 1 else None
                if app in LAYERS and app != source:
                    found.add((source, app, f"{path.name}:{node.lineno}"))
    return found


def upward(imports) -> list[str]:
    rank = {app: n for n, app in enumerate(LAYERS)}
    return sorted(f"{a} imports {b} ({where})" for a, b, where in imports if rank[b] > rank[a])


def cycles(imports) -> list[list[str]]:
    graph: dict[str, set[str]] = {}
    for a, b, _where in imports:
        graph.setdefault(a, set()).add(b)
    found, path = [], []

    def visit(app: str) -> None:
        if app in path:
            found.append(path[path.index(app) :] + [app])
            return
        path.append(app)
        for nxt in sorted(graph.get(app, ())):
            visit(nxt)
        path.pop()

    for app in sorted(graph):
        visit(app)
    return found


def test_no_app_imports_one_above_it():
    assert upward(app_imports(PACKAGE)) == []


def test_apps_form_no_cycle():
    assert cycles(app_imports(PACKAGE)) == []


def test_cameras_import_no_other_app():
    assert {b for a, b, _ in app_imports(PACKAGE) if a == "cameras"} <= {"lib"}


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in PACKAGE.glob("*/apps.py")}
    assert apps <= set(LAYERS)


@pytest.fixture
def fake_project(tmp_path) -> Path:
    package = tmp_path / "surveillance_map"
    for app in ("cameras", "maps"):
        (package / app).mkdir(parents=True)
    (package / "maps" / "tiles.py").write_text("from surveillance_map.cameras import models\n")
    return package


def test_the_check_finds_an_upward_import_even_inside_a_function(fake_project):
    (fake_project / "cameras" / "services.py").write_text(
        "def f():\n    from surveillance_map.maps.tiles import render\n"
    )
    imports = app_imports(fake_project)
    assert upward(imports) == ["cameras imports maps (services.py:2)"]
    assert cycles(imports) == [["cameras", "maps", "cameras"], ["maps", "cameras", "maps"]]


def test_a_downward_import_is_fine(fake_project):
    assert upward(app_imports(fake_project)) == []
