"""Findings from what the crawler itself noticed: spider traps, sitemap errors, limits."""

from __future__ import annotations

from collections.abc import Iterator

from siteaudit.analysis.data import AuditData

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding


def check_crawl_events(data: AuditData) -> Iterator[Finding]:
    """Turn stored crawl events into findings."""
    for event in data.events:
        if event.kind in ("query-trap", "path-trap"):
            yield make_finding(
                "query-trap",
                event.url,
                f"Endless URL space at {event.url}: {event.detail}",
                element="url",
                evidence={"kind": event.kind, "detail": event.detail},
            )
        elif event.kind in ("sitemap-error", "fetch-error"):
            yield make_finding(
                "sitemap-error",
                event.url,
                f"Could not read {event.url}: {event.detail}",
                element="sitemap",
                evidence={"detail": event.detail},
            )
        elif event.kind == "robots-unreachable":
            yield make_finding(
                "robots-unreachable",
                event.url,
                f"Could not read {event.url} ({event.detail}): no URL of its host was crawled, "
                "as search engines treat an unreachable robots.txt as disallowing everything",
                element="robots.txt",
                evidence={"detail": event.detail},
            )
        elif event.kind == "content-error":
            yield make_finding(
                "content-error",
                event.url,
                f"Unreadable content: {event.detail}",
                element="page",
                evidence={"detail": event.detail},
            )
        elif event.kind in ("crawl-delay", "host-backoff"):
            yield make_finding(
                "crawl-politeness",
                event.url,
                event.detail,
                element="crawl",
                evidence={"kind": event.kind},
            )
        elif event.kind == "page-limit":
            yield make_finding(
                "crawl-limit",
                event.url,
                f"The crawl hit its page limit ({event.detail}); the audit is partial",
                element="crawl",
                evidence={"detail": event.detail},
            )
