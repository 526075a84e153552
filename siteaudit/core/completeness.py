"""Whether a stored crawl saw the whole site, and which findings a partial one holds back.

A crawl is *partial* when it stopped before its frontier was empty: interrupted (Ctrl-C, a
kill, a full disk) or cut at the page limit with URLs left unfetched. Its pages are real,
but checks that reason about the whole site (who links to a page, how long a related list
is among the crawled pages) would report artefacts of the pages it missed; their CheckSpec
says ``needs_complete_crawl`` and a partial crawl holds their findings back. Its health
score covers only what was crawled, so it is compared only with other partial crawls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from siteaudit.core.checks import CHECKS, check_spec
from siteaudit.core.records import CrawlEvent, CrawlRun, Finding

INTERRUPTED = "interrupted"
PAGE_LIMIT = "page-limit"
# Stored in the crawl's stats when it ends partial (the store's mark).
STAT = "partial"

_UNFINISHED = frozenset({"interrupted", "running", "failed"})


@dataclass(frozen=True, slots=True)
class PartialCrawl:
    """Why a crawl is partial and what its analysis held back."""

    reason: str  # INTERRUPTED or PAGE_LIMIT
    pages: int  # URLs it stored
    held_back: dict[str, int] = field(default_factory=dict)  # check id -> findings

    @property
    def held_back_total(self) -> int:
        return sum(self.held_back.values())

    def describe(self) -> str:
        """One line: why it is partial, as a reader should take it."""
        why = "interrupted" if self.reason == INTERRUPTED else "stopped at the page limit"
        return f"Partial crawl ({why}, {self.pages:,} URLs)"


def partial_reason(
    status: str, stats: Mapping[str, object], events: Iterable[CrawlEvent] = ()
) -> str | None:
    """INTERRUPTED, PAGE_LIMIT or None (complete), from a crawl's status, stats and events.

    The events are read for stores written before the stats carried the mark.
    """
    if status in _UNFINISHED:
        return INTERRUPTED
    stored = stats.get(STAT)
    if isinstance(stored, str) and stored:
        return stored
    if any(event.kind == PAGE_LIMIT for event in events):
        return PAGE_LIMIT
    return None


def is_partial(run: CrawlRun) -> bool:
    """Whether a stored crawl is partial, by its status and stats alone."""
    return partial_reason(run.status, run.stats) is not None


def hold_back(findings: Iterable[Finding]) -> tuple[list[Finding], dict[str, int]]:
    """(kept findings, count held back per check) for a partial crawl."""
    kept: list[Finding] = []
    held: Counter[str] = Counter()
    for finding in findings:
        if check_spec(finding.check).needs_complete_crawl:
            held[finding.check] += 1
        else:
            kept.append(finding)
    return kept, dict(sorted(held.items()))


def whole_site_checks() -> list[str]:
    """The ids of the checks a partial crawl holds back."""
    return sorted(c for c, spec in CHECKS.items() if spec.needs_complete_crawl)
