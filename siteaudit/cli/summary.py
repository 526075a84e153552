"""What `siteaudit crawl`, `report` and `demo` print after the crawl: analysis stages as they
end, then the summary.

Two kinds of "error" must not read alike: *fetch errors* are URLs that answered 4xx/5xx or
nothing while crawling; *error findings* are problems of error severity the analysis found.
Checks are listed by impact: severity first, then the number of pages affected, so the one
error check comes before thousands of notices. Colour only on a terminal; rich leaves it
out when NO_COLOR is set or the output is a file or a pipe.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text

from siteaudit.cli.render_notice import render_summary
from siteaudit.core.checks import check_spec
from siteaudit.core.completeness import PartialCrawl
from siteaudit.core.records import Finding, Severity

# Checks listed in the summary (the report lists them all).
SHOWN_CHECKS = 10
_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.NOTICE: "cyan",
}
# What the analysis stages are called on the terminal.
_STAGE_NAMES = {"load": "loading the crawl", "report": "writing the report"}


@dataclass(frozen=True, slots=True)
class CheckImpact:
    """One check's reach in a crawl: its severity, findings and distinct pages."""

    check: str
    severity: Severity
    findings: int
    pages: int


def checks_by_impact(findings: list[Finding]) -> list[CheckImpact]:
    """Each check's findings and pages, ordered by severity, then pages, then findings."""
    pages: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    severity: dict[str, Severity] = {}
    for finding in findings:
        pages[finding.check].add(finding.url)
        counts[finding.check] += 1
        severity[finding.check] = finding.severity
    rows = [CheckImpact(c, severity[c], counts[c], len(pages[c])) for c in counts]
    rows.sort(key=lambda r: (Severity(r.severity).rank, -r.pages, -r.findings, r.check))
    return rows


def console(stderr: bool = False) -> Console:
    """A console that never wraps lines (paths, URLs) and colours only a terminal."""
    return Console(file=sys.stderr if stderr else sys.stdout, soft_wrap=True, highlight=False)


class StagePrinter:
    """Prints one line per analysis stage as it ends (``on_stage`` of analyse_crawl)."""

    def __init__(self, out: Console) -> None:
        self.out = out
        self.total = 0.0

    def __call__(self, stage: str, seconds: float, findings: int) -> None:
        self.total += seconds
        name = _STAGE_NAMES.get(stage, f"checks: {stage}")
        line = Text(f"analysis: {name:<26} {seconds:6.1f} s", style="dim")
        if stage not in _STAGE_NAMES:
            line.append(f"  {findings:,} finding{'s' if findings != 1 else ''}", style="dim")
        self.out.print(line)


def print_summary(result: Any, quiet: bool, out: Console | None = None) -> None:
    """The closing summary of an audit (an AuditResult)."""
    out = out or console()
    stats = result.stats
    crawled = int(stats.get("pages_crawled", result.pages) or 0)
    line = Text(
        f"Crawl {result.crawl_id}: crawled {crawled:,} URLs in {stats.get('crawl_s', '?')} s "
        f"({stats.get('pages_per_s', '?')} URLs/s)"
    )
    fetch_errors = stats.get("fetch_errors")
    if isinstance(fetch_errors, int):
        line.append("; ")
        line.append(
            f"{fetch_errors:,} fetch error{'s' if fetch_errors != 1 else ''}",
            style="red" if fetch_errors else "",
        )
        line.append(" (no answer, or 4xx/5xx)")
    line.append(".")
    out.print(line)
    partial: PartialCrawl | None = getattr(result, "partial", None)
    if partial is not None:
        out.print(_partial_line(partial))
    counts = {s: result.count(s) for s in Severity}
    findings = Text("Findings: ")
    for n, severity in enumerate(Severity):
        if n:
            findings.append(", ")
        count = counts[severity]
        findings.append(
            f"{count:,} {severity} finding{'s' if count != 1 else ''}",
            style=_STYLE[severity] if count else "",
        )
    findings.append(".")
    out.print(findings)
    if stats.get("render"):
        out.print(Text(render_summary(stats, quiet)))
    if not quiet:
        _print_checks(out, checks_by_impact(result.findings))
    out.print(Text(f"Report: {result.report.resolve()}"))
    out.print(Text(f"JSON:   {result.findings_json.resolve()}"))


def _partial_line(partial: PartialCrawl) -> Text:
    line = Text(partial.describe(), style="bold yellow")
    if partial.held_back:
        line.append(
            f": {partial.held_back_total:,} findings of whole-site checks held back "
            f"({', '.join(partial.held_back)})"
        )
    line.append("; the score is not comparable with complete crawls.")
    return line


def _print_checks(out: Console, rows: list[CheckImpact]) -> None:
    if not rows:
        return
    out.print(Text("Checks by impact (severity, then pages affected):"))
    for row in rows[:SHOWN_CHECKS]:
        line = Text("  ")
        line.append(f"{row.severity!s:<8}", style=_STYLE[row.severity])
        line.append(f" {row.findings:7,} on {row.pages:6,} pages  {row.check}")
        line.append(f"  {check_spec(row.check).title}", style="dim")
        out.print(line)
    if len(rows) > SHOWN_CHECKS:
        out.print(Text(f"  ... and {len(rows) - SHOWN_CHECKS} more checks in the report"))
