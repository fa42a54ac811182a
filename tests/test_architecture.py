"""The layout's rules (docs/design.md) as tests: every import points down, no import cycle,
no module over ~400 lines. The import graph is read from the source with ``ast`` (imports
inside functions count too: a lazy import is still a dependency)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "deeproots"
MAX_LINES = 400

# Higher layers may import lower ones and their own, never a higher one.
LAYERS = {
    "cli": 7, "web": 7, "notebook": 7,
    "app": 6,
    "grading": 5,
    "quiz": 4, "lab": 4, "rl": 4, "research": 4, "projects": 4,
    "runs": 3,
    "report": 2, "content": 2,
    "errors": 1, "files": 1, "data": 1,
}


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if "exercises" in parts:  # content: exercise folders are graded, not imported
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def imports(path: Path) -> set[str]:
    """The deeproots modules that ``path`` imports, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name.startswith("deeproots."):
                found.add(name)
    return found


GRAPH = {name: imports(path) - {name} for name, path in MODULES.items()}


def layer(module: str) -> int | None:
    """The layer of a module (None for the package's own entry points)."""
    top = module.split(".")[1] if "." in module else ""
    return LAYERS.get(top)


def test_every_part_of_the_package_has_a_layer():
    unplaced = sorted({name.split(".")[1] for name in MODULES if "." in name and layer(name) is None}
                      - {"__main__"})
    assert unplaced == [], f"add these to LAYERS (and docs/design.md): {unplaced}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    here = layer(module)
    if here is None:
        return
    upward = sorted(target for target in GRAPH[module] if (layer(target) or 0) > here)
    assert upward == [], f"{module} (layer {here}) imports higher layers: {upward}"


def test_no_import_cycle():
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in MODULES:
        if name not in index:
            visit(name)
    assert cycles == []


def test_no_module_over_about_400_lines():
    long = {path.relative_to(PACKAGE.parent).as_posix(): count for path in PACKAGE.rglob("*.py")
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
