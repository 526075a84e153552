"""CI formats for a full audit (``crawl``/``report --write``), and writing any CI report.

The findings are the audit's own (suppressions applied), each at the CI level of its
severity; the renderers are the ones ``siteaudit check`` uses.
"""

from __future__ import annotations

from pathlib import Path

from siteaudit.app.audit import AuditResult
from siteaudit.reports.ci_formats import FORMATS, CiReport, audit_ci_report


def audit_report(result: AuditResult, target: str, command: str) -> CiReport:
    """The CI report of an audit: every kept finding, one entry per page that has some."""
    return audit_ci_report(target, result.findings, [], {"urls": result.pages}, command)


def write_ci_files(report: CiReport, writes: list[tuple[str, Path]]) -> None:
    """Render ``report`` in each (format, path) and write it, creating parent folders."""
    for name, path in writes:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FORMATS[name](report), encoding="utf-8")
