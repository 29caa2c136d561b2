"""No import cycle in app/, counting imports inside functions.

import-linter (`make lint`) checks the layers, but only from module-level imports as Python resolves
them; a function-level import that closes a circle (queue → tasks → workflows → queue) hides from it
and from the interpreter until the day the call order changes. This reads every module under `app/`
with `ast`, takes every `import` and `from … import` wherever it stands (module level, functions,
methods, try blocks) except under `if TYPE_CHECKING:` (never executed), and fails listing each cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(APP.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, skipping the bodies of `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]) -> set[str]:
    """The app modules an import statement loads (a `from pkg import sub` loads `pkg.sub`)."""

    def nearest(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    if isinstance(node, ast.Import):
        found = {nearest(alias.name) for alias in node.names if alias.name.split(".")[0] == "app"}
        return {t for t in found if t}
    if node.level:
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if base.split(".")[0] != "app":
        return set()
    out: set[str] = set()
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        target = sub if sub in known else nearest(base)
        if target:
            out.add(target)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for node in _imports(tree):
            edges |= _targets(name, path, node, known)
        edges.discard(name)
        graph[name] = edges
    return graph


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components of more than one module, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def shortest_cycle(graph: dict[str, set[str]], members: list[str]) -> list[str]:
    """One concrete circle through the component's first module (breadth-first), to show the path."""
    inside = set(members)
    start = members[0]
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for child in sorted(graph[node] & inside):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if child not in parents:
                    parents[child] = node
                    following.append(child)
        frontier = following
    return members


def test_the_graph_sees_imports_inside_functions():
    # The case the test exists for: a function-level import counts as an edge.
    graph = import_graph()
    assert graph.get("app.main"), "the scan found no imports at all"
    tree = ast.parse("def f():\n    from app.config import Settings\n")
    [node] = list(_imports(tree))
    assert _targets("app.x", APP / "x.py", node, set(_modules())) == {"app.config"}
    guarded = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import app.main\n")
    assert [type(n) for n in _imports(guarded)] == [ast.ImportFrom]


def test_no_import_cycles_in_app():
    graph = import_graph()
    cycles = strongly_connected(graph)
    report = [
        f"{len(members)} modules: {', '.join(members)}\n"
        f"    e.g. {' -> '.join(shortest_cycle(graph, members))}"
        for members in cycles
    ]
    assert not cycles, "import cycles in app/ (imports inside functions included):\n  " + "\n  ".join(report)
