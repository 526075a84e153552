"""docs/checks.md is generated from the check registry and kept up to date."""

from __future__ import annotations

from pathlib import Path

from siteaudit.reports.docs_checks import render_checks_markdown

from siteaudit.core.checks import CHECKS

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


def test_docs_checks_md_is_up_to_date_with_the_registry() -> None:
    assert DOC.read_text(encoding="utf-8") == render_checks_markdown(), (
        "docs/checks.md is stale: run python -m siteaudit.reports.docs_checks > docs/checks.md"
    )


def test_every_check_has_one_row_with_its_severity_and_ci_level() -> None:
    text = render_checks_markdown()
    for spec in CHECKS.values():
        (row,) = [line for line in text.splitlines() if line.startswith(f"| `{spec.id}` |")]
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[3:5] == [str(spec.severity), spec.ci_level or "-"]
