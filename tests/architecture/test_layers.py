"""The package's layers only import downwards, and no module imports itself in a circle.

Every module of the installed ``siteaudit`` namespace is read with ``ast`` (imports inside
functions included, so a circle cannot hide in a deferred import) and each import of another
siteaudit module is checked against the layer order:

    core <- store <- crawler, analysis <- reports <- app <- service <- cli <- siteaudit (API)
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import networkx as nx

import siteaudit

# Rank of each layer; a module may import only modules of a lower rank, or of its own layer.
LAYERS: list[tuple[str, int]] = [
    ("siteaudit.core", 0),
    ("siteaudit.store", 1),
    ("siteaudit.crawler", 2),
    ("siteaudit.analysis", 2),
    ("siteaudit.reports", 3),
    ("siteaudit.app", 4),
    ("siteaudit.service", 5),
    ("siteaudit.cli", 6),
]
# Known violations being removed (issue 16). The lists may only shrink: a new violation
# fails, and so does a listed one that is gone, so the lists stay true.
KNOWN_UPWARD: set[str] = set()
# Peers of one rank that must not know each other: the crawl and the analysis meet only
# in the store.
SEPARATE = {"siteaudit.crawler", "siteaudit.analysis"}


def _layer(module: str) -> tuple[str, int]:
    for prefix, rank in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return prefix, rank
    if module in ("siteaudit", "siteaudit.__main__"):
        return "siteaudit", 7
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


# Packages installed from the project's top-level folders (pyproject's package-dir): in an
# editable install they are not below siteaudit/ on disk, so they are walked from their own path.
MAPPED = ("siteaudit.crawler", "siteaudit.analysis", "siteaudit.reports")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {"siteaudit": Path(siteaudit.__file__)}
    for root in ("siteaudit", *MAPPED):
        package = importlib.import_module(root)
        found[root] = Path(package.__file__ or "")
        for info in pkgutil.walk_packages(package.__path__, root + "."):
            spec = importlib.util.find_spec(info.name)
            assert spec is not None and spec.origin is not None, info.name
            found[info.name] = Path(spec.origin)
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets.add(base)
            # `from pkg import module` imports the module itself
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    inside = {t for t in targets if t == "siteaudit" or t.startswith("siteaudit.")}
    # Keep the longest known module each import names (`from a.b import c` -> a.b.c or a.b).
    return {t for t in inside if t in known} - {name}


def _graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    for name, path in modules.items():
        graph.add_node(name)
        for target in _imports(name, path, set(modules)):
            if name.startswith(target + ".") and modules[target].name == "__init__.py":
                continue  # a module's own package runs first anyway; not an import edge
            graph.add_edge(name, target)
    return graph


def test_every_module_belongs_to_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_imports_only_point_down_the_layers() -> None:
    upward = []
    for source, target in _graph().edges:
        (src_layer, src_rank), (dst_layer, dst_rank) = _layer(source), _layer(target)
        if dst_rank > src_rank or (src_layer != dst_layer and {src_layer, dst_layer} <= SEPARATE):
            upward.append(f"{source} -> {target}")
    new = sorted(set(upward) - KNOWN_UPWARD)
    assert not new, "imports against the layer order:\n" + "\n".join(new)
    gone = sorted(KNOWN_UPWARD - set(upward))
    assert not gone, "fixed, so remove from KNOWN_UPWARD:\n" + "\n".join(gone)


def test_no_import_circles() -> None:
    cycles = list(nx.simple_cycles(_graph()))
    assert not cycles, "import circles:\n" + "\n".join(" -> ".join(c) for c in cycles[:20])


def test_the_layer_walk_sees_every_package() -> None:
    names = set(_modules())
    for package in ("siteaudit.crawler.spiders", "siteaudit.reports.ci_formats", "siteaudit.app"):
        assert package in names
