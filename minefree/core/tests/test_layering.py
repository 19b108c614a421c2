"""Layers: `core` imports no domain app (the apps plug into it), and no two modules import each other.

Both read the source with `ast`, counting imports inside functions too: a function-level import is
still a dependency, only one that hides the cycle until the function runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.engine_free  # reads the source, not the database

SOURCE = Path(__file__).resolve().parents[2]  # minefree/
CORE_MAY_IMPORT = ("minefree.core", "minefree.settings")
# Cycles left in place on purpose, each with why; empty: there are none.
ALLOWED_CYCLES: list[set[str]] = []


def _module(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(under: Path) -> dict[str, Path]:
    return {
        _module(path): path
        for path in sorted(under.rglob("*.py"))
        if "tests" not in path.parts and "migrations" not in path.parts
    }


def _imported(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[int, str]]:
    """(line, module) for every import in `path`, relative ones resolved, `from m import sub` as m.sub."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield node.lineno, sub if sub in known else base


def _graph() -> dict[str, set[str]]:
    known = _sources(SOURCE)
    return {
        module: {target for _, target in _imported(module, path, known) if target in known and target != module}
        for module, path in known.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def test_core_imports_no_domain_app() -> None:
    known = _sources(SOURCE)
    found = [
        f"{path.relative_to(SOURCE)}:{line} imports {target}"
        for module, path in _sources(SOURCE / "core").items()
        for line, target in _imported(module, path, known)
        if target.split(".")[0] == "minefree" and not target.startswith(CORE_MAY_IMPORT)
    ]
    assert not found, f"core must not import a domain app; register a hook from the app instead: {found}"


def test_no_import_cycles() -> None:
    cycles = [sorted(c) for c in _cycles(_graph()) if c not in ALLOWED_CYCLES]
    assert not cycles, f"modules that import each other (directly or round a loop): {cycles}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    """Guards the guard: a loop of three and a pair are found, a chain is not."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"e"}, "e": {"d", "f"}, "f": set()}
    assert sorted(sorted(c) for c in _cycles(graph)) == [["a", "b", "c"], ["d", "e"]]
