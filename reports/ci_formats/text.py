"""Human output: the summary first, then one block per problem, errors first.

A problem is a link target (with every place linking to it) or, for checks about the page
itself, one finding. The one-line summary is repeated last, where a CI log ends.
"""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import (
    CiGroup,
    by_target,
    check_counts,
    describe,
    plural,
    totals_line,
    where,
)
from siteaudit.reports.ci_formats.model import CiFinding, CiReport

_MARK = {"error": "✗", "warning": "!", "notice": "·"}
_HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}


def render_text(result: CiReport) -> str:
    """Summary (counts per check, errors in distinct targets), then problems by level."""
    groups = by_target(result)
    lines = [summary_line(result, groups), ""]
    counts = check_counts(groups)
    if counts:
        width = max(len(r.check) for r in counts)
        for row in counts:
            lines.append(
                f"  {row.check:<{width}}  {row.level:<7}  {plural(row.findings, 'finding')} "
                f"in {plural(row.targets, 'target' if _is_target(groups, row.check) else 'place')}"
            )
        lines.append("")
    for level, heading in _HEADINGS.items():
        of_level = [g for g in groups if g.level == level]
        if not of_level:
            continue
        lines.append(f"{heading} ({plural(len(of_level), 'problem')}):")
        for group in of_level:
            lines.extend(_group_lines(group))
        lines.append("")
    if result.fixed:
        lines.append(f"Fixed since the baseline ({len(result.fixed)}):")
        lines.extend(f"  ✓ {check} {url} -> {target}" for check, url, target in result.fixed)
        lines.append("")
    lines.append(summary_line(result, groups))
    return "\n".join(lines) + "\n"


def _is_target(groups: list[CiGroup], check: str) -> bool:
    return any(g.grouped for g in groups if g.check == check)


def _group_lines(group: CiGroup) -> list[str]:
    mark = _MARK[group.level]
    if not group.grouped:
        item = group.first
        return [f"{mark} {describe(item)}  {item.check}", f"    {where(item)}{_anchor(item)}"]
    head = f"{mark} {describe(group)}  {group.check}, linked from {plural(group.inlinks, 'page')}"
    return [head, *(f"    {where(item)}{_anchor(item)}" for item in group.items)]


def _anchor(item: CiFinding) -> str:
    return f'  "{item.anchor}"' if item.anchor else ""


def summary_line(result: CiReport, groups: list[CiGroup] | None = None) -> str:
    """'Checked N pages, M links (U URLs) in S s: E errors in T distinct targets, ...'."""
    groups = by_target(result) if groups is None else groups
    c = result.counts
    if result.command == "check":
        text = (
            f"Checked {plural(result.page_count, 'page')}, {plural(c.get('links', 0), 'link')} "
            f"({c.get('urls', 0):,} URLs: {c.get('external', 0):,} external, "
            f"{c.get('assets', 0):,} assets) in {result.elapsed_s} s: {totals_line(groups)}"
        )
    else:
        text = f"Audited {plural(result.page_count, 'page')}: {totals_line(groups)}"
    if result.baseline_used:
        known = sum(1 for p in result.findings if not p.new)
        text += f" ({known:,} known from the baseline, {len(result.fixed):,} fixed)"
    return text + "."
