"""The house rules of the source tree, checked on every run (STYLE.md, the developers' brief).

* imports run one way: model → cycle → store → diagrams/evaluation/report → cohort → cli;
* no import circles between modules (imports inside functions and under TYPE_CHECKING count:
  a circle there is still two modules that cannot be understood one without the other);
* the library never imports typer (the CLI is a thin layer over it);
* modules stay under a size a reader can hold (~500 lines, a small margin allowed).
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "intervensi"

#: The layers named by the brief, lowest first; a module may import its own layer or lower ones.
RANK = {"model": 0, "cycle": 1, "store": 2, "diagrams": 3, "evaluation": 3, "report": 3, "charts": 3, "cohort": 4, "cli": 5}
#: Upward imports still to be removed (each one named, so a new one fails the test).
KNOWN_UPWARD: set[tuple[str, str]] = set()
#: Circles still to be broken (as sorted tuples of their modules).
KNOWN_CIRCLES: set[tuple[str, ...]] = set()
MAX_LINES = 520
KNOWN_LONG: set[str] = set()


def _modules() -> dict[str, Path]:
    mods = {}
    for f in SRC.rglob("*.py"):
        parts = f.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        mods[name] = f
    return mods


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for m, f in mods.items():
        package = m if f.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(f.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    where = ".".join(base) + ("." + node.module if node.module else "")
                else:
                    where = node.module or ""
                for alias in node.names:
                    full = f"{where}.{alias.name}"
                    targets.append(full if full in mods else where)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            edges[m] |= {t for t in targets if t in mods and t != m}
    return edges


def _circles(edges: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: set[tuple[str, ...]] = set()
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, children = work[-1]
            for w in children:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    if len(comp) > 1:
                        found.add(tuple(sorted(comp)))
    return found


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return RANK.get(parts[1]) if len(parts) > 1 else None


def test_no_new_import_circles() -> None:
    circles = _circles(_graph())
    assert circles <= KNOWN_CIRCLES, f"new import circle(s): {sorted(circles - KNOWN_CIRCLES)}"


def test_imports_run_one_way() -> None:
    upward = set()
    for m, targets in _graph().items():
        a = _layer(m)
        for t in targets:
            b = _layer(t)
            if a is not None and b is not None and b > a:
                upward.add((m, t))
    assert upward <= KNOWN_UPWARD, f"imports against the layers: {sorted(upward - KNOWN_UPWARD)}"


def test_the_library_never_imports_typer() -> None:
    offenders = []
    for m, f in _modules().items():
        if m == "intervensi.cli" or m.startswith("intervensi.cli."):
            continue
        for node in ast.walk(ast.parse(f.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "typer" or n.startswith("typer.") or n == "click" or n.startswith("click.") for n in names):
                offenders.append(m)
    assert not offenders, offenders


def test_modules_stay_readable() -> None:
    long = {m for m, f in _modules().items() if len(f.read_text().splitlines()) > MAX_LINES}
    assert long <= KNOWN_LONG, f"modules over {MAX_LINES} lines: {sorted(long - KNOWN_LONG)}"


def test_the_checker_sees_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {("a", "b", "c")}
    assert _circles({"a": {"b"}, "b": set()}) == set()
