"""Declarations of the checks on what the crawler noticed: traps, sitemaps, limits."""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

CRAWL_CHECKS = [
    CheckSpec(
        id="query-trap",
        family="crawl",
        category="crawl",
        severity=Severity.WARNING,
        title="Endless URL space (spider trap)",
        why="A page that generates links to ever new query strings (calendars, filters) traps "
        "crawlers and wastes their budget. siteaudit stopped following it.",
        fix="Add rel=nofollow to the generated links, disallow them in robots.txt, or stop "
        "generating links past the real data.",
        evidence="crawl-event",
    ),
    CheckSpec(
        id="sitemap-error",
        family="crawl",
        category="crawl",
        severity=Severity.WARNING,
        title="Sitemap or robots.txt unreadable",
        why="Search engines rely on sitemaps to find pages; a broken one hides them.",
        fix="Serve a valid sitemap (or robots.txt) at this URL, or stop referencing it.",
        evidence="crawl-event",
    ),
    CheckSpec(
        id="robots-unreachable",
        family="crawl",
        category="crawl",
        severity=Severity.ERROR,
        title="robots.txt unreachable: host not crawled",
        why="A robots.txt that answers 5xx or 429, or cannot be fetched at all, means "
        '"disallow everything" to search engines (RFC 9309); Google stops crawling the '
        "host until it can read the file again.",
        fix="Make robots.txt answer 200 (or 404 when there are no rules), then crawl again.",
        evidence="crawl-event",
    ),
    CheckSpec(
        id="content-error",
        family="crawl",
        category="content",
        severity=Severity.WARNING,
        title="Unreadable content",
        why="Binary data served as HTML, or bytes that contradict the declared charset, show "
        "readers garbage and search engines nothing.",
        fix="Serve the right Content-Type and charset for this URL.",
        evidence="crawl-event",
    ),
    CheckSpec(
        id="crawl-politeness",
        family="crawl",
        category="crawl",
        severity=Severity.NOTICE,
        title="Crawl slowed down by the server",
        why="robots.txt Crawl-delay or 429/503 answers made siteaudit wait between requests.",
        fix="Expected when the server asks for it; a long Crawl-delay makes large crawls slow.",
        evidence="crawl-event",
    ),
    CheckSpec(
        id="crawl-limit",
        family="crawl",
        category="crawl",
        severity=Severity.NOTICE,
        title="Crawl stopped at its page limit",
        why="Pages beyond the limit were not audited.",
        fix="Raise --max-pages, or narrow the crawl with --include/--exclude.",
        evidence="crawl-event",
    ),
]
