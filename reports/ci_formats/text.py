"""Human output: findings grouped by source page, then a one-line summary."""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import by_page, describe
from siteaudit.reports.ci_formats.model import CiReport

_MARK = {"error": "✗", "warning": "!", "notice": "·"}


def render_text(result: CiReport) -> str:
    """Grouped by page: each finding's status, anchor text, location and redirect target."""
    lines: list[str] = []
    for page, items in by_page(result).items():
        lines.append(page)
        for p in items:
            where = f"  (line {p.line}, col {p.column})" if p.line and p.column else ""
            anchor = f'  "{p.anchor}"' if p.anchor else ""
            lines.append(f"  {_MARK[p.level]} {describe(p)}{anchor}{where}")
        lines.append("")
    lines.append(summary_line(result))
    if result.fixed:
        lines.append(f"Fixed since the baseline ({len(result.fixed)}):")
        lines.extend(f"  ✓ {check} {url} -> {target}" for check, url, target in result.fixed)
    return "\n".join(lines) + "\n"


def summary_line(result: CiReport) -> str:
    """'Checked N pages, M links (U URLs) in S s: E errors, W warnings.'"""
    c = result.counts
    if result.command == "check":
        text = (
            f"Checked {len(result.pages)} pages, {c.get('links', 0)} links "
            f"({c.get('urls', 0)} URLs: {c.get('external', 0)} external, {c.get('assets', 0)} "
            f"assets) in {result.elapsed_s} s: {result.count('error')} errors, "
            f"{result.count('warning')} warnings"
        )
    else:
        text = (
            f"Audited {c.get('urls', 0)} URLs: {result.count('error')} errors, "
            f"{result.count('warning')} warnings, {result.count('notice')} notices"
        )
    if result.baseline_used:
        known = sum(1 for p in result.findings if not p.new)
        text += f" ({known} known from the baseline, {len(result.fixed)} fixed)"
    return text + "."
