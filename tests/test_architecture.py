"""The package's shape: every module imports (no packaging error hidden behind a fallback), the stage
arrows point one way (reading → extraction → storage → tracking → web/cli), and no two modules import
each other, not even through an import written inside a function.

Imports are read from the source (every ``import`` statement, at any depth), so an import that only
runs on some code path still counts.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "luoshi"

# What each stage may import from the others (itself always). research and evaluation read the
# pipeline's output beside storage; the top (web, cli) may use everything below it.
ALLOWED: dict[str, set[str]] = {
    "reading": set(),
    "extraction": {"reading"},
    "evaluation": {"reading", "extraction"},
    "storage": {"reading", "extraction"},
    "research": {"reading", "extraction", "storage"},
    "tracking": {"reading", "extraction", "storage"},
    "web": {"(root)", "reading", "extraction", "storage", "research", "tracking"},
    "cli": {"(root)", "reading", "extraction", "storage", "research", "tracking", "evaluation", "web"},
    "(root)": {"reading", "extraction"},  # luoshi.read / luoshi.extract: the Python API
}
# Single modules a lower stage may use from a sibling stage: the near-duplicate detector is one
# function of text shared by ingest (storage) and the corpus run (research); it imports nothing of luoshi.
ALLOWED_MODULES: dict[str, set[str]] = {"storage": {"luoshi.research.duplicates"}}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> set[str]:
    """The luoshi modules ``name`` imports anywhere in its source (resolved to modules that exist)."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            targets.update(f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module
                           for alias in node.names)
    resolved = set()
    for target in targets:
        while target not in MODULES and "." in target:
            target = target.rsplit(".", 1)[0]
        if target in MODULES and target != name and target.startswith("luoshi"):
            resolved.add(target)
    return resolved


GRAPH = {name: _imported(name, path) for name, path in MODULES.items()}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "(root)"


# Alembic runs env.py and the revisions itself (they need its context)
@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.startswith("luoshi.storage.migrations.")))
def test_every_module_imports(module):
    importlib.import_module(module)


def test_the_stage_arrows_point_one_way():
    wrong = [f"{a} -> {b}" for a, targets in GRAPH.items() for b in targets
             if _stage(a) != _stage(b) and _stage(b) not in ALLOWED[_stage(a)]
             and b not in ALLOWED_MODULES.get(_stage(a), set())]
    assert not wrong, "imports against the stage order:\n" + "\n".join(sorted(wrong))


def test_every_stage_is_known():
    assert {_stage(m) for m in MODULES} <= set(ALLOWED)


def test_storage_never_imports_tracking_web_or_cli():
    above = [f"{a} -> {b}" for a, targets in GRAPH.items() if _stage(a) == "storage" for b in targets
             if _stage(b) in ("tracking", "web", "cli")]
    assert not above


def test_no_two_modules_import_each_other_even_inside_functions():
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_import_reader_sees_function_local_imports():
    """The reader is not blind: an import written inside a function is an edge of the graph."""
    assert "luoshi.extraction.pipeline" in GRAPH["luoshi"]  # luoshi._extracted imports it in its body
