"""CI formats for a full audit (``crawl``/``report --write``), writing any CI report, and
the one line that says why a run exits non-zero.

The findings are the audit's own (suppressions applied), each at the CI level of its
severity; the renderers are the ones ``siteaudit check`` uses.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from siteaudit.app.audit import AuditResult
from siteaudit.core.finding_groups import finding_target, is_grouped
from siteaudit.core.records import Finding, Severity
from siteaudit.reports.ci_formats import FORMATS, CiReport, audit_ci_report


def audit_report(result: AuditResult, target: str, command: str) -> CiReport:
    """The CI report of an audit: every kept finding, and every crawled URL as a page."""
    report = audit_ci_report(
        target, result.findings, list(result.page_urls), {"urls": result.pages}, command
    )
    report.details = (str(result.findings_json), str(result.report))
    return report


def write_ci_files(report: CiReport, writes: list[tuple[str, Path]]) -> None:
    """Render ``report`` in each (format, path) and write it, creating parent folders.

    A JSON file written here is where the capped formats (Markdown, annotations) point to
    for the full list.
    """
    full = [str(path) for name, path in writes if name == "json"]
    report.details = tuple(dict.fromkeys([*full, *report.details]))
    for name, path in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FORMATS[name](report), encoding="utf-8")


def fail_on_reason(findings: list[Finding], fail_on: str) -> str | None:
    """'exit 1: 3 error findings (--fail-on error)', or None when ``fail_on`` passes."""
    if fail_on == "never":
        return None
    worst = Severity(fail_on).rank
    failing = [f for f in findings if f.severity.rank <= worst]
    if not failing:
        return None
    counts = Counter(f.severity for f in failing)
    parts = [
        f"{counts[s]:,} {s} finding{'' if counts[s] == 1 else 's'}" for s in Severity if counts[s]
    ]
    grouped = [f for f in failing if is_grouped(f.check)]
    text = f"exit 1: {', '.join(parts)}"
    if grouped:
        targets = len({(f.check, finding_target(f)) for f in grouped})
        noun = "target" if targets == 1 else "distinct targets"
        text += f", {len(grouped):,} of them links to {targets:,} {noun}"
    return f"{text} (--fail-on {fail_on})"
