"""Markdown summary for a CI job summary ($GITHUB_STEP_SUMMARY, GitLab MR notes)."""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import by_page
from siteaudit.reports.ci_formats.model import CiReport
from siteaudit.reports.ci_formats.text import summary_line

_MARK = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _heading(result: CiReport) -> str:
    if result.command == "check":
        verdict = "❌ broken links found" if result.exit_code else "✅ no broken links"
        return f"## Link check: {verdict}"
    verdict = "❌ errors found" if result.exit_code else "✅ no errors"
    return f"## Site audit: {verdict}"


def render_markdown(result: CiReport) -> str:
    """A heading with the verdict, then one table of findings per page."""
    lines = [_heading(result), "", summary_line(result), ""]
    for page, items in by_page(result).items():
        lines += [
            f"### `{_cell(page)}`",
            "",
            "| | link | anchor | status | line |",
            "|---|---|---|---|---|",
        ]
        for p in items:
            status = _cell(p.status) + (f" → {_cell(p.redirect_to)}" if p.redirect_to else "")
            line = f"{p.line}:{p.column}" if p.line and p.column else ""
            lines.append(
                f"| {_MARK[p.level]} | {_cell(p.target)} | {_cell(p.anchor)} | {status} | {line} |"
            )
        lines.append("")
    if result.fixed:
        lines += [f"### Fixed since the baseline ({len(result.fixed)})", ""]
        lines += [f"- `{_cell(u)}` → {_cell(t)} ({c})" for c, u, t in result.fixed]
        lines.append("")
    return "\n".join(lines)
