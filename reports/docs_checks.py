"""docs/checks.md, generated from the check registry.

    python -m siteaudit.reports.docs_checks > docs/checks.md

A test fails when the checked-in file differs from what this renders.
"""

from __future__ import annotations

import sys

from siteaudit.core.checks import CHECKS, CheckSpec
from siteaudit.core.records import Severity

_HEADER = """# Checks

Every check siteaudit runs, generated from the check registry (`siteaudit/core/checks/`)
by `python -m siteaudit.reports.docs_checks > docs/checks.md`; do not edit by hand.

*Severity* is the finding's level in reports and for `--fail-on`. *CI* is what
`siteaudit check` makes of it: `error` fails the run, `warning` fails it only with
`--strict`; `-` means `siteaudit check` does not run it (only `crawl`/`report` do).
Checks marked *(whole site)* need a complete crawl: a partial one (interrupted, or cut at
`--max-pages`) holds their findings back, since its missing pages would make them report
artefacts.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(spec: CheckSpec) -> str:
    cells = [
        f"`{spec.id}`",
        spec.title + (" *(whole site)*" if spec.needs_complete_crawl else ""),
        spec.family,
        str(spec.severity),
        spec.ci_level or "-",
        spec.why,
        spec.fix,
    ]
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def render_checks_markdown() -> str:
    """The checks table: one section per category, checks by severity then id."""
    lines = [_HEADER]
    categories = sorted({spec.category for spec in CHECKS.values()})
    for category in categories:
        specs = sorted(
            (s for s in CHECKS.values() if s.category == category),
            key=lambda s: (Severity(s.severity).rank, s.id),
        )
        lines += [
            f"## {category.capitalize()}",
            "",
            "| Check | Title | Family | Severity | CI | Why it matters | How to fix |",
            "|---|---|---|---|---|---|---|",
            *(_row(spec) for spec in specs),
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render_checks_markdown())
