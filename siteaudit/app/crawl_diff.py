"""Compare two stored crawls: findings new, fixed and persisting; pages added, removed, changed.

Findings are matched by ``Finding.key`` (check, URL, link target or element), so a broken
link that is still there is "persisting" even when its message wording changed. When both
crawls started from a single, different origin (a staging host, a new port) the old URLs are
rebased onto the new origin so the same site compares page by page.

Comparing an unchanged site gives no changes: pages inside a spider trap the crawler reported
(calendar?month=...) are left out on both sides, as the analysis leaves them out, because which
of the trap's endless variants a crawl happened to fetch says nothing about the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from siteaudit.app.suppressions import apply_suppressions
from siteaudit.core.completeness import is_partial
from siteaudit.core.crawl_changes import COMPARED_FIELDS, CrawlDiff, PageChange
from siteaudit.core.crawl_history import Rebase, origin_rebase
from siteaudit.core.records import CrawlRun, Finding, Page
from siteaudit.core.suppression import Suppression
from siteaudit.store import Store

# A finding's message may quote a sample URL (a trap's "e.g. ..."): not a change of the site.
_URL_IN_TEXT = re.compile(r"https?://\S+")


@dataclass(frozen=True, slots=True)
class CrawlRef:
    """A stored crawl somewhere else: its output folder (or store) and id, and a label."""

    output: Path
    crawl_id: int
    label: int | None = None  # the number to show for it (a service's crawl id)
    new_label: int | None = None  # likewise for the crawl compared with it


def changed_findings(old: Iterable[Finding], new: Iterable[Finding]) -> list[Finding]:
    """Findings in both crawls (same key) whose severity or wording changed, as in ``new``."""
    old_by_key = {f.key: f for f in old}
    changed = []
    for finding in new:
        before = old_by_key.get(finding.key)
        if before is not None and (
            before.severity != finding.severity or _wording(before) != _wording(finding)
        ):
            changed.append(finding)
    return _sorted(changed)


def _wording(finding: Finding) -> str:
    return _URL_IN_TEXT.sub("<url>", finding.message)


def diff_findings(
    old: Iterable[Finding], new: Iterable[Finding]
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """(new, fixed, persisting) by finding key; persisting ones are given as in ``new``."""
    old_by_key = {f.key: f for f in old}
    new_by_key = {f.key: f for f in new}
    added = [f for k, f in new_by_key.items() if k not in old_by_key]
    fixed = [f for k, f in old_by_key.items() if k not in new_by_key]
    persisting = [f for k, f in new_by_key.items() if k in old_by_key]
    return _sorted(added), _sorted(fixed), _sorted(persisting)


def compare_crawls(
    old_store: Store,
    old_id: int,
    new_store: Store,
    new_id: int,
    *,
    new_findings: list[Finding] | None = None,
    old_findings: list[Finding] | None = None,
) -> CrawlDiff:
    """Diff two stored crawls (possibly in different stores); findings default to stored ones."""
    old_run, new_run = old_store.crawl(old_id), new_store.crawl(new_id)
    rebase = origin_rebase(old_run.start_urls, new_run.start_urls)
    if old_findings is None:
        old_findings = old_store.findings(old_id)
    if new_findings is None:
        new_findings = new_store.findings(new_id)
    old_findings = [_rebased_finding(f, rebase) for f in old_findings] if rebase else old_findings
    result = CrawlDiff(old_id, new_id, old_analysed=bool(old_findings) or _analysed(old_run))
    result.new_findings, result.fixed_findings, result.persisting_findings = diff_findings(
        old_findings, new_findings
    )
    trapped = _trapped_paths(old_store, old_id, rebase) | _trapped_paths(new_store, new_id, None)
    old_pages = {rebase(p.url) if rebase else p.url: _facts(p) for p in _pages(old_store, old_id)}
    new_pages = {p.url: _facts(p) for p in _pages(new_store, new_id)}
    for url in [u for u in old_pages.keys() | new_pages.keys() if _in_trap(u, trapped)]:
        old_pages.pop(url, None)
        new_pages.pop(url, None)
    result.pages_added = sorted(u for u in new_pages if u not in old_pages)
    result.pages_removed = sorted(u for u in old_pages if u not in new_pages)
    for url in sorted(new_pages.keys() & old_pages.keys()):
        before, after = old_pages[url], new_pages[url]
        for name, old_value, new_value in zip(COMPARED_FIELDS, before, after, strict=True):
            if name == "canonical" and rebase and isinstance(old_value, str):
                old_value = rebase(old_value)
            if old_value != new_value:
                result.changes.append(PageChange(url, name, old_value, new_value))
    return result


def previous_crawl_id(store: Store, crawl_id: int, *, partial: bool | None = None) -> int | None:
    """The crawl stored before ``crawl_id`` that it is compared with (``Store.previous_crawl``);
    with ``partial``, the latest such crawl that is (True) or is not (False) a partial crawl."""
    previous = store.previous_crawl(crawl_id)
    while previous is not None and partial is not None and is_partial(previous) != partial:
        previous = store.previous_crawl(previous.id)
    return previous.id if previous is not None else None


def changes_since_previous(
    store: Store,
    crawl_id: int,
    findings: list[Finding],
    rules: list[Suppression],
    *,
    partial: bool = False,
) -> CrawlDiff | None:
    """Changes since the crawl stored before this one, with the same suppression ``rules``
    applied to its stored (raw) findings; None when this is the first crawl.

    A complete crawl is compared with the last complete one and a partial crawl with the
    last partial one: a partial crawl's missing pages are not "removed", nor its missing
    findings "fixed".
    """
    previous = previous_crawl_id(store, crawl_id, partial=partial)
    if previous is None:
        return None
    old = store.findings(previous)
    if rules:
        old = apply_suppressions(old, rules).kept
    return compare_crawls(store, previous, store, crawl_id, new_findings=findings, old_findings=old)


def changes_since(
    previous: CrawlRef,
    store: Store,
    crawl_id: int,
    findings: list[Finding],
    rules: list[Suppression],
    store_url: str | None = None,
) -> CrawlDiff:
    """Changes since a crawl kept in another output folder (a service site's previous crawl),
    with today's suppression ``rules`` applied to its stored findings, as above."""
    with Store.open(previous.output, store_url, create=False) as old_store:
        old = old_store.findings(previous.crawl_id)
        if rules:
            old = apply_suppressions(old, rules).kept
        diff = compare_crawls(
            old_store, previous.crawl_id, store, crawl_id, new_findings=findings, old_findings=old
        )
    if previous.label is not None:
        diff.old_crawl = previous.label
    if previous.new_label is not None:
        diff.new_crawl = previous.new_label
    return diff


def _trapped_paths(store: Store, crawl_id: int, rebase: Rebase | None) -> set[str]:
    paths = {e.url for e in store.events(crawl_id) if e.kind == "query-trap"}
    return {rebase(p) for p in paths} if rebase else paths


def _in_trap(url: str, trapped: set[str]) -> bool:
    return "?" in url and url.split("?", 1)[0] in trapped


def _pages(store: Store, crawl_id: int) -> Iterable[Page]:
    return (p for p in store.pages(crawl_id, with_blocks=False) if p.resource_type == "page")


def _facts(page: Page) -> tuple[object, ...]:
    return (page.status, page.title, page.canonical)


def _analysed(run: CrawlRun) -> bool:
    return "analysis_s" in run.stats


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.severity.rank, f.check, f.url, str(f.key[2])))


def _rebased_finding(finding: Finding, rebase: Rebase) -> Finding:
    evidence = dict(finding.evidence)
    target = evidence.get("target")
    if isinstance(target, str):
        evidence["target"] = rebase(target)
    return Finding(
        finding.check,
        finding.severity,
        rebase(finding.url),
        finding.message,
        finding.element,
        finding.snippet,
        finding.fix,
        evidence,
    )
