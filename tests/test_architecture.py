"""The package's import graph has no cycles beyond the few listed here, each with its reason;
SQL is spoken only in ``newsgraph.store`` and the few modules still listed here.

The graph is read from the source with :mod:`ast`, so imports inside functions (the usual way to
hide a cycle from Python) count as much as those at the top of a module.  Imports under
``if TYPE_CHECKING:`` never run and are left out: they exist to let annotations point back up.
``from . import x`` counts as an import of the submodule ``x``; importing a submodule is not
counted as importing its parent package.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import networkx as nx

SRC = Path(__file__).resolve().parents[1] / "src"

# Every import cycle of newsgraph today, as its modules in import order starting from the
# alphabetically first one, with why it is still there.  The list only shrinks: a new cycle fails
# the test, and so does a listed one that is gone (remove it here).  Empty since the facts are
# materialised in the store (issue 14): facts read them, review resolves names in the store.
ALLOWED_CYCLES: dict[tuple[str, ...], str] = {}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def module_names(src: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> source file, for every module of ``package`` under ``src``."""
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


class _Imports(ast.NodeVisitor):
    """The targets (dotted names, line) of one module's imports that may lie in ``package``."""

    def __init__(self, own_package: str, package: str) -> None:
        self.own_package, self.package = own_package, package
        self.found: list[tuple[str, int]] = []

    def _ours(self, name: str) -> bool:
        return name == self.package or name.startswith(self.package + ".")

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for stmt in node.orelse:
                self.visit(stmt)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found += [(a.name, node.lineno) for a in node.names if self._ours(a.name)]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            parts = self.own_package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1])
            target = f"{base}.{node.module}" if node.module else base
        else:
            target = node.module or ""
        if self._ours(target):
            self.found += [(f"{target}.{a.name}", node.lineno) for a in node.names]


def import_graph(src: Path, package: str) -> dict[tuple[str, str], list[int]]:
    """(importer, imported) -> the line numbers of the imports, for imports within ``package``,
    wherever they are in the module (functions and methods included)."""
    modules = module_names(src, package)
    edges: dict[tuple[str, str], list[int]] = defaultdict(list)
    for name, path in modules.items():
        visitor = _Imports(name if path.name == "__init__.py" else name.rpartition(".")[0], package)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for target, line in visitor.found:
            # the longest prefix that is a module: "pkg.mod.Name" -> "pkg.mod"
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and line not in edges[(name, target)]:
                edges[(name, target)].append(line)
    return dict(edges)


def cycles(edges: dict[tuple[str, str], list[int]], package: str) -> set[tuple[str, ...]]:
    """Every elementary cycle, as module names without the package prefix, rotated to start at
    the alphabetically first."""
    graph = nx.DiGraph(list(edges))
    out = set()
    for cycle in nx.simple_cycles(graph):
        short = [m.removeprefix(package + ".") for m in cycle]
        i = short.index(min(short))
        out.add(tuple(short[i:] + short[:i]))
    return out


def _describe(cycle: tuple[str, ...], edges: dict[tuple[str, str], list[int]], package: str) -> str:
    full = [f"{package}.{m}" if m != package else m for m in cycle]
    steps = zip(full, full[1:] + full[:1], strict=True)
    return " -> ".join(f"{a.removeprefix(package + '.')} (line {', '.join(map(str, edges[(a, b)]))})"
                       for a, b in steps) + f" -> {cycle[0]}"


def test_no_new_import_cycles() -> None:
    edges = import_graph(SRC, "newsgraph")
    found = cycles(edges, "newsgraph")
    new = sorted(found - ALLOWED_CYCLES.keys())
    assert not new, "new import cycles (break them; never add to ALLOWED_CYCLES lightly):\n" + "\n".join(
        _describe(c, edges, "newsgraph") for c in new)
    gone = sorted(ALLOWED_CYCLES.keys() - found)
    assert not gone, f"these cycles are gone: remove them from ALLOWED_CYCLES: {gone}"


def test_the_graph_sees_imports_inside_functions(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import a\n")
    (pkg / "a.py").write_text("from .b import thing\nimport json\n")
    (pkg / "b.py").write_text("def thing():\n    from . import a\n    return a\n")
    (pkg / "c.py").write_text("import pkg.sub.d\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "d.py").write_text("class D:\n    def m(self):\n        from ..c import x\n        from .. import b\n")
    edges = import_graph(tmp_path, "pkg")
    assert set(edges) == {("pkg.a", "pkg.b"), ("pkg.b", "pkg.a"), ("pkg.c", "pkg.sub.d"),
                          ("pkg.sub.d", "pkg.c"), ("pkg.sub.d", "pkg.b")}
    assert cycles(edges, "pkg") == {("a", "b"), ("c", "sub.d")}


# Modules outside ``newsgraph.store`` that still speak SQL through the store's compatibility
# layer (``store.query``, ``store.conn``, ``store.transaction``, ``store.sa``), with why.  The list
# only shrinks: a new module that speaks SQL fails the test (add a typed Store method instead,
# newsgraph/store/reads.py), and so does a listed one that no longer does (remove it here).
SQL_OUTSIDE_STORE: dict[str, str] = {
    "query.geo": "keeps its own places tables (another branch is reworking geo.py)",
    "query.review": "keeps its own review tables and writes decisions",
    "web.api": "a few direct queries (another branch is reworking web/api.py)",
}
_SQL_ATTRIBUTES = frozenset({"query", "conn", "transaction", "sa"})


def sql_users(src: Path, package: str) -> dict[str, list[int]]:
    """Module (relative to ``package``) -> lines where it reaches a store's SQL: an attribute
    ``query``/``conn``/``transaction``/``sa`` of something called ``store`` (``store``,
    ``self.store``, ``graph.store``), or ``.sa`` of anything.  ``package.store`` itself is left
    out."""
    out: dict[str, list[int]] = defaultdict(list)
    for name, path in module_names(src, package).items():
        short = name.removeprefix(package).lstrip(".")
        if short == "store" or short.startswith("store."):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Attribute) or node.attr not in _SQL_ATTRIBUTES:
                continue
            owner = node.value
            owner_name = owner.id if isinstance(owner, ast.Name) else owner.attr if isinstance(owner, ast.Attribute) else ""
            if node.attr == "sa" or owner_name == "store":
                out[short].append(node.lineno)
    return dict(out)


def test_sql_stays_in_the_store() -> None:
    users = sql_users(SRC, "newsgraph")
    new = sorted(users.keys() - SQL_OUTSIDE_STORE.keys())
    assert not new, "modules that speak SQL outside newsgraph.store (add a typed Store method instead):\n" + \
        "\n".join(f"{m} (lines {', '.join(map(str, users[m]))})" for m in new)
    gone = sorted(SQL_OUTSIDE_STORE.keys() - users.keys())
    assert not gone, f"these modules no longer speak SQL: remove them from SQL_OUTSIDE_STORE: {gone}"


def test_sql_users_sees_store_attributes(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "store").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "store" / "__init__.py").write_text("def f(store):\n    return store.query('SELECT 1')\n")
    (pkg / "a.py").write_text("def f(store):\n    return store.entities()\n")
    (pkg / "b.py").write_text("def f(g):\n    x = g.store.query('SELECT 1')\n    with g.store.transaction() as c:\n"
                              "        c.execute('')\n")
    (pkg / "c.py").write_text("def f(self):\n    return self.conn.their_state, self.store.sa\n")
    assert sql_users(tmp_path, "pkg") == {"b": [2, 3], "c": [2]}


# The package's layout is the data's path (README, "Layout"): these modules sit on top, shared by
# every stage; everything else lives in a stage's sub-package.  A new module goes into the stage
# whose data it reads, never beside these.
# On top: the entry points and what every stage shares (records, settings, errors, and the rules
# both the extractors and the store apply: calendar periods and event identity).
TOP_LEVEL_MODULES = {"__init__", "__main__", "cli", "distributed", "errors", "pipeline", "records", "settings",
                     "periods", "event_identity"}
STAGES = {"ingest", "extract", "store", "query", "evaluate", "web"}


def test_the_layout_is_the_data_path() -> None:
    root = SRC / "newsgraph"
    assert {p.stem for p in root.glob("*.py")} == TOP_LEVEL_MODULES
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    assert packages == STAGES
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((root / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"newsgraph.{stage} says in its docstring which stage of the data's path it is"


def test_newsgraph_ingest_stays_the_function() -> None:
    """``newsgraph.ingest`` is the public function even once the sub-package ``newsgraph.ingest``
    and the pipeline are imported (Python binds a sub-package's name in its parent)."""
    code = ("import newsgraph\n"
            "first = newsgraph.ingest\n"
            "import newsgraph.ingest.read, newsgraph.pipeline\n"
            "from newsgraph.ingest import clean, dedup, metadata\n"
            "assert callable(newsgraph.ingest) and newsgraph.ingest is first is newsgraph.pipeline.ingest\n"
            "assert newsgraph.Graph.__module__ == 'newsgraph.query.graph'\n"
            "assert newsgraph.export_jsonl.__module__ == 'newsgraph.query.export'\n"
            "assert sorted(newsgraph.__all__) == ['Graph', 'IngestReport', 'Pipeline', 'Store', '__version__', 'ingest']\n"
            "print('ok')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
