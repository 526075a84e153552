"""Every check id the analysis can emit is registered, and every registered check is emitted.

The analysis builds findings only through the registry (``make_finding("id", ...)`` or
``CHECKS["id"]``), so the ids it can emit are the string literals of those calls.
"""

from __future__ import annotations

import ast
from pathlib import Path

import siteaudit.analysis
from siteaudit.analysis import FAMILIES

from siteaudit.core.checks import CHECKS

ANALYSIS = Path(siteaudit.analysis.__file__).parent


def _emitted_ids() -> dict[str, set[str]]:
    """check id -> analysis modules that build findings of it."""
    found: dict[str, set[str]] = {}
    for path in sorted(ANALYSIS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make_finding":
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant), (
                    f"{path.name}: make_finding with a non-literal id"
                )
                found.setdefault(first.value, set()).add(path.stem)
            name = getattr(getattr(node, "value", None), "id", "")
            is_lookup = isinstance(node, ast.Subscript) and name == "CHECKS"
            if is_lookup and isinstance(node.slice, ast.Constant):
                found.setdefault(node.slice.value, set()).add(path.stem)
    return found


def test_no_analysis_module_builds_a_finding_by_hand() -> None:
    for path in sorted(ANALYSIS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Finding"
        ]
        assert not calls, f"{path.name} builds a Finding without the registry"


def test_every_emitted_check_is_registered_and_every_registered_check_is_emitted() -> None:
    emitted = _emitted_ids()
    assert set(emitted) - set(CHECKS) == set()
    assert set(CHECKS) - set(emitted) == set()


def test_every_registered_check_belongs_to_an_analysis_family() -> None:
    assert {spec.family for spec in CHECKS.values()} == set(FAMILIES)
