"""The rows of the report's big tables: findings of a check, all URLs, changes, suppressions.

Each function yields lists of cells in the order of its ``*_COLUMNS``; the CSV download
of a table is exactly these columns, so they are named for a spreadsheet reader too.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping

from siteaudit.reports.data_tables import Cell, Column
from siteaudit.reports.evidence import evidence_lines

from siteaudit.core.checks import check_spec
from siteaudit.core.crawl_changes import CrawlDiff
from siteaudit.core.finding_groups import FindingGroup, LinkPlace
from siteaudit.core.records import Finding, Page
from siteaudit.core.suppression import SuppressedFinding

EntryHref = Callable[[str], str | None]  # URL -> link to its per-page entry, from report/

FINDING_COLUMNS = (
    Column("severity", "Severity", "sev"),
    Column("url", "URL", "url"),
    Column("message", "Message"),
    Column("element", "Element"),
    Column("context", "Context"),
    Column("target", "Target", "url"),
    Column("evidence", "Evidence", "lines"),
    Column("fix", "Fix", "fix"),
)

# Checks about a link target: one row per target, its linking places in one closed list.
TARGET_COLUMNS = (
    Column("severity", "Severity", "sev"),
    Column("target", "Target", "url"),
    Column("status", "Status"),
    Column("inlinks", "Linking pages", "num"),
    Column("places", "Linked from", "places"),
    Column("message", "Message"),
    Column("fix", "Fix", "fix"),
)

URL_COLUMNS = (
    Column("url", "URL", "url"),
    Column("status", "Status", "num"),
    Column("type", "Type"),
    Column("depth", "Depth", "num"),
    Column("title", "Title"),
    Column("h1", "H1"),
    Column("response_ms", "Response ms", "num"),
    Column("words", "Words", "num"),
    Column("inlinks", "Inlinks", "num"),
    Column("findings", "Findings", "num"),
    Column("found_on", "Found on", "url"),
)

FINDING_CHANGE_COLUMNS = (
    Column("change", "Change"),
    Column("severity", "Severity", "sev"),
    Column("check", "Check"),
    Column("url", "URL", "url"),
    Column("message", "Message"),
)

PAGE_CHANGE_COLUMNS = (
    Column("change", "Change"),
    Column("url", "URL", "url"),
    Column("old", "Before"),
    Column("new", "Now"),
)

SUPPRESSED_COLUMNS = (
    Column("status", "Status"),
    Column("severity", "Severity", "sev"),
    Column("check", "Check"),
    Column("url", "URL", "url"),
    Column("message", "Message"),
    Column("rule", "Rule"),
    Column("reason", "Reason"),
)


def _url_cell(url: str, entry: EntryHref) -> Cell:
    href = entry(url)
    if href is None:
        return url
    link: list[str | None] = [url, href]
    return link


# shown in their own columns already
_EVIDENCE_SHOWN = {"target", "anchor"}


def evidence_text(evidence: Mapping[str, object]) -> str:
    """Evidence as one line, "key: value; ..." with lists and dicts as compact JSON."""
    parts = []
    for key in sorted(evidence):
        value = evidence[key]
        if value is None or key in _EVIDENCE_SHOWN:
            continue
        if isinstance(value, str):
            text = value
        elif type(value) is int or (type(value) is float and math.isfinite(value)):
            text = repr(value)  # what json.dumps writes, without its call overhead
        else:
            text = json.dumps(value, ensure_ascii=False)
        parts.append(f"{key.replace('_', ' ')}: {text}")
    return "; ".join(parts)


def finding_rows(findings: Iterable[Finding], entry: EntryHref) -> Iterator[list[Cell]]:
    """One row per finding of a check; evidence in words, from its type's template."""
    shapes: dict[str, str] = {}
    for f in findings:
        shape = shapes.get(f.check)
        if shape is None:
            shape = shapes[f.check] = check_spec(f.check).evidence
        target = f.evidence.get("target")
        yield [
            str(f.severity),
            _url_cell(f.url, entry),
            f.message,
            f.element,
            f.snippet,
            target if isinstance(target, str) and "://" in target else None,
            {"lines": evidence_lines(shape, f.evidence)},
            f.fix,
        ]


def place_text(place: LinkPlace) -> str:
    """'url:line:col "anchor"', the parts known."""
    text = place.page
    if place.line is not None:
        text += f":{place.line}:{place.column or 1}"
    if place.anchor:
        text += f' "{place.anchor}"'
    return text


def target_rows(groups: Iterable[FindingGroup], entry: EntryHref) -> Iterator[list[Cell]]:
    """One row per link target of a grouped check, with the places linking to it."""
    for g in groups:
        first = g.findings[0]
        status = first.evidence.get("status") or first.evidence.get("error")
        fixes = {f.fix for f in g.findings}
        yield [
            str(g.severity),
            g.target,
            str(status) if status not in (None, "", 0) else None,
            g.inlinks,
            [[place_text(p), entry(p.page)] for p in g.places],
            g.message,
            first.fix if len(fixes) == 1 else None,
        ]


def url_rows(
    pages: Iterable[Page],
    entry: EntryHref,
    findings_per_url: Mapping[str, int],
    inlinks: Mapping[str, int],
) -> Iterator[list[Cell]]:
    """One row per crawled URL, like a crawler's "internal URLs" export."""
    for p in pages:
        yield [
            _url_cell(p.url, entry),
            p.status if p.status > 0 else (p.error or "no response"),
            p.content_type.split(";")[0] if p.content_type else p.resource_type,
            p.depth,
            p.title,
            " / ".join(p.h1) or None,
            round(p.elapsed_ms) if p.elapsed_ms is not None else None,
            p.word_count if p.is_html else None,
            inlinks.get(p.url, 0),
            findings_per_url.get(p.url, 0),
            p.found_on,
        ]


def finding_change_rows(diff: CrawlDiff, entry: EntryHref) -> Iterator[list[Cell]]:
    """New findings, then fixed ones (persisting ones are only counted)."""
    for change, items in (("new", diff.new_findings), ("fixed", diff.fixed_findings)):
        for f in items:
            url = _url_cell(f.url, entry) if change == "new" else f.url
            yield [change, str(f.severity), f.check, url, f.message]


def page_change_rows(diff: CrawlDiff, entry: EntryHref) -> Iterator[list[Cell]]:
    """Pages added and removed, then status, title and canonical changes."""
    for url in diff.pages_added:
        yield ["page added", _url_cell(url, entry), None, None]
    for url in diff.pages_removed:
        yield ["page removed", url, None, None]
    for c in diff.changes:
        yield [f"{c.field} changed", _url_cell(c.url, entry), _plain(c.old), _plain(c.new)]


def _plain(value: object) -> str | int | None:
    if value is None or isinstance(value, int | str):
        return value
    return str(value)


def suppressed_rows(items: Iterable[SuppressedFinding]) -> Iterator[list[Cell]]:
    """One row per suppressed finding, with the rule that hides it."""
    for item in items:
        f, rule = item.finding, item.rule
        yield [
            rule.status,
            str(f.severity),
            f.check,
            f.url,
            f.message,
            f"{rule.check} @ {rule.where}",
            rule.reason or None,
        ]
