"""Findings from what the crawler itself noticed: spider traps, sitemap errors, limits."""

from __future__ import annotations

from collections.abc import Iterator

from siteaudit.analysis.data import AuditData

from siteaudit.core.records import Finding, Severity


def check_crawl_events(data: AuditData) -> Iterator[Finding]:
    """Turn stored crawl events into findings."""
    for event in data.events:
        if event.kind in ("query-trap", "path-trap"):
            yield Finding(
                "query-trap",
                Severity.WARNING,
                event.url,
                f"Endless URL space at {event.url}: {event.detail}",
                element="url",
                fix="Add rel=nofollow to the generated links, disallow them in robots.txt, "
                "or stop generating links past the real data.",
                evidence={"kind": event.kind, "detail": event.detail},
            )
        elif event.kind in ("sitemap-error", "fetch-error"):
            yield Finding(
                "sitemap-error",
                Severity.WARNING,
                event.url,
                f"Could not read {event.url}: {event.detail}",
                element="sitemap",
                fix="Serve a valid sitemap (or robots.txt) at this URL, or stop referencing it.",
                evidence={"detail": event.detail},
            )
        elif event.kind == "content-error":
            yield Finding(
                "content-error",
                Severity.WARNING,
                event.url,
                f"Unreadable content: {event.detail}",
                element="page",
                fix="Serve the right Content-Type and charset for this URL.",
                evidence={"detail": event.detail},
            )
        elif event.kind in ("crawl-delay", "host-backoff"):
            yield Finding(
                "crawl-politeness",
                Severity.NOTICE,
                event.url,
                event.detail,
                element="crawl",
                fix="Expected when the server asks for it; a long Crawl-delay makes large "
                "crawls slow.",
                evidence={"kind": event.kind},
            )
        elif event.kind == "page-limit":
            yield Finding(
                "crawl-limit",
                Severity.NOTICE,
                event.url,
                f"The crawl hit its page limit ({event.detail}); the audit is partial",
                element="crawl",
                fix="Raise --max-pages, or narrow the crawl with --include/--exclude.",
                evidence={"detail": event.detail},
            )
