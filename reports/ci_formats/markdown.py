"""Markdown summary for a CI job summary ($GITHUB_STEP_SUMMARY, GitLab MR notes).

GitHub accepts at most 1 MiB of job summary per step and drops a bigger one whole, so the
summary is built to a byte budget: the verdict, the counts per check, then one table row
per problem (a link target with its first linking places), errors first, until the budget
is spent; the rest is counted in "... and N more" with a pointer to the full output.
"""

from __future__ import annotations

from siteaudit.reports.ci_formats.grouping import (
    CiGroup,
    by_target,
    check_counts,
    describe,
    plural,
    where,
)
from siteaudit.reports.ci_formats.model import CiReport
from siteaudit.reports.ci_formats.text import summary_line

# Under GitHub's 1 MiB (1,048,576 bytes) per step, with room for a line or two of our own
# and for other steps' tools appending to the same summary file.
MARKDOWN_LIMIT = 1_000_000
PLACES_PER_ROW = 5  # linking places named in a problem's row; the rest are counted

_MARK = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}
_HEADINGS = {"error": "Errors", "warning": "Warnings", "notice": "Notices"}


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def _heading(result: CiReport) -> str:
    if result.command == "check":
        verdict = "❌ broken links found" if result.exit_code else "✅ no broken links"
        return f"## Link check: {verdict}"
    verdict = "❌ errors found" if result.exit_code else "✅ no errors"
    return f"## Site audit: {verdict}"


def _row(group: CiGroup) -> str:
    places = [
        f"`{_cell(where(i))}`" + (f" {_cell(i.anchor)}" if i.anchor else "")
        for i in group.items[:PLACES_PER_ROW]
    ]
    if len(group.items) > PLACES_PER_ROW:
        places.append(f"… and {len(group.items) - PLACES_PER_ROW:,} more")
    linked = plural(group.inlinks, "page") if group.grouped else ""
    return (
        f"| {_MARK[group.level]} | {_cell(describe(group))} | {group.check} | {linked} | "
        f"{'<br>'.join(places)} |"
    )


def _pointer(result: CiReport) -> str:
    if result.details:
        return "Full list: " + ", ".join(f"`{_cell(d)}`" for d in result.details) + "."
    return "Full list: write it with `--write json=PATH` (or `-o DIR` for the HTML report)."


def render_markdown(result: CiReport, limit: int = MARKDOWN_LIMIT) -> str:
    """Heading, summary, counts per check, then problems by level, within ``limit`` bytes."""
    groups = by_target(result)
    lines = [_heading(result), "", summary_line(result, groups), ""]
    counts = check_counts(groups)
    if counts:
        lines += ["| check | level | findings | distinct targets |", "|---|---|---|---|"]
        lines += [
            f"| `{r.check}` | {_MARK[r.level]} {r.level} | {r.findings:,} | {r.targets:,} |"
            for r in counts
        ]
        lines.append("")
    fixed = _fixed_lines(result)
    # the tail (the "... and N more" line, the fixed list) is reserved before any row
    reserve = 400 + sum(len(line.encode()) + 1 for line in fixed)
    used = sum(len(line.encode()) + 1 for line in lines)
    shown = 0
    for level, heading in _HEADINGS.items():
        of_level = [g for g in groups if g.level == level]
        if not of_level:
            continue
        block = [
            f"### {_MARK[level]} {heading} ({plural(len(of_level), 'problem')})",
            "",
            "| | target | check | linked from | where |",
            "|---|---|---|---|---|",
        ]
        block_size = sum(len(line.encode()) + 1 for line in block)
        if used + block_size + reserve > limit:
            break
        lines += block
        used += block_size
        for group in of_level:
            row = _row(group)
            size = len(row.encode()) + 1
            if used + size + reserve > limit:
                break
            lines.append(row)
            used += size
            shown += 1
        lines.append("")
        if shown < sum(1 for g in groups if g.level in _levels_up_to(level)):
            break
    if shown < len(groups):
        rest = groups[shown:]
        findings = sum(len(g.items) for g in rest)
        lines += [
            f"**… and {plural(len(rest), 'more problem')} ({plural(findings, 'finding')}) "
            f"not shown here.** {_pointer(result)}",
            "",
        ]
    return "\n".join(lines + fixed)


def _levels_up_to(level: str) -> tuple[str, ...]:
    order = tuple(_HEADINGS)
    return order[: order.index(level) + 1]


def _fixed_lines(result: CiReport) -> list[str]:
    if not result.fixed:
        return []
    lines = [f"### Fixed since the baseline ({len(result.fixed)})", ""]
    shown = result.fixed[:100]
    lines += [f"- `{_cell(u)}` → {_cell(t)} ({c})" for c, u, t in shown]
    if len(result.fixed) > len(shown):
        lines.append(f"- … and {len(result.fixed) - len(shown):,} more")
    return [*lines, ""]
