"""The catalogue of checks: what each one means, why it matters and how to fix it.

Every finding names a check id from here; reports use the texts, CI formats the ids.
"""

from __future__ import annotations

from siteaudit.analysis.check_info import CheckInfo
from siteaudit.analysis.content_catalog import CONTENT_CHECKS
from siteaudit.analysis.graph_catalog import GRAPH_CHECKS
from siteaudit.analysis.link_check_catalog import LINK_CHECKS

from siteaudit.core.records import Severity

__all__ = ["CHECKS", "CheckInfo", "check_info"]


_CHECKS = [
    CheckInfo(
        "broken-link",
        "Broken internal link",
        "links",
        Severity.ERROR,
        "Readers who follow the link land on an error page, and search engines waste crawl "
        "budget on it.",
        "Point the link at a live page, or remove it.",
    ),
    CheckInfo(
        "broken-related-link",
        "Broken related-article link",
        "links",
        Severity.ERROR,
        "A 'Recommended for You' entry that leads to an error page breaks the reader's path "
        "at the moment they chose to read on.",
        "Replace the entry with a live, related article, or remove it.",
    ),
    CheckInfo(
        "page-error",
        "Page answers with an error",
        "links",
        Severity.ERROR,
        "The URL is known (linked or listed in a sitemap) but answers 4xx/5xx or not at all.",
        "Restore the page, redirect it to its replacement, or drop it from links and sitemaps.",
    ),
    CheckInfo(
        "redirected-link",
        "Link points at a redirect",
        "redirects",
        Severity.NOTICE,
        "Every redirect costs the reader a round trip and dilutes link signals.",
        "Link straight to the final URL.",
    ),
    CheckInfo(
        "redirect-chain",
        "Redirect chain",
        "redirects",
        Severity.WARNING,
        "Several hops in a row slow readers down; crawlers may give up before the end.",
        "Redirect the first URL straight to the final one.",
    ),
    CheckInfo(
        "redirect-loop",
        "Redirect loop",
        "redirects",
        Severity.ERROR,
        "The URL redirects back to itself through one or more hops: it never loads.",
        "Break the loop: make one URL in the cycle answer 200 or redirect elsewhere.",
    ),
    CheckInfo(
        "title-missing",
        "Title missing or empty",
        "content",
        Severity.ERROR,
        "The title is the headline in search results and the browser tab.",
        "Write a unique, descriptive <title> of 30-60 characters.",
    ),
    CheckInfo(
        "title-multiple",
        "Several title elements",
        "content",
        Severity.WARNING,
        "Browsers and search engines pick one title; which one is unpredictable.",
        "Keep exactly one <title> in <head>.",
    ),
    CheckInfo(
        "title-duplicate",
        "Duplicate title",
        "content",
        Severity.WARNING,
        "Pages with the same title compete for the same searches and confuse readers.",
        "Give each page a title that says what is specific to it.",
    ),
    CheckInfo(
        "title-h1-mismatch",
        "Title and H1 disagree",
        "content",
        Severity.WARNING,
        "When the title promises one thing and the main heading another, readers and search "
        "engines cannot tell what the page is about.",
        "Make the title and the H1 name the same subject.",
    ),
    CheckInfo(
        "meta-description-missing",
        "Meta description missing",
        "content",
        Severity.NOTICE,
        "Without one, search engines improvise the snippet shown under the title.",
        "Write a meta description of 70-160 characters summarising the page.",
    ),
    CheckInfo(
        "h1-missing",
        "H1 missing",
        "content",
        Severity.WARNING,
        "The H1 tells readers and assistive technology what the page is about.",
        "Add one H1 that names the page's subject.",
    ),
    CheckInfo(
        "h1-multiple",
        "Several H1 headings",
        "content",
        Severity.NOTICE,
        "More than one main heading blurs what the page is about.",
        "Keep one H1; demote the others to H2.",
    ),
    CheckInfo(
        "noindex",
        "Page excluded from search (noindex)",
        "indexability",
        Severity.NOTICE,
        "Search engines will drop the page. Fine on purpose, harmful by accident.",
        "Remove the noindex directive if the page should be found in search.",
    ),
    CheckInfo(
        "noindex-linked-as-related",
        "Related link to a noindex page",
        "indexability",
        Severity.WARNING,
        "Recommending a page that is hidden from search sends readers to content the site "
        "itself treats as not worth finding.",
        "Recommend an indexable article instead, or make the target indexable.",
    ),
    CheckInfo(
        "orphan-page",
        "Orphan page (only in the sitemap)",
        "links",
        Severity.WARNING,
        "No page links to it, so readers cannot reach it and search engines rate it low.",
        "Link to it from related articles or a section page, or remove it from the sitemap.",
    ),
    CheckInfo(
        "query-trap",
        "Endless URL space (spider trap)",
        "crawl",
        Severity.WARNING,
        "A page that generates links to ever new query strings (calendars, filters) traps "
        "crawlers and wastes their budget. siteaudit stopped following it.",
        "Mark the generated links rel=nofollow, disallow them in robots.txt, or cap them.",
    ),
    CheckInfo(
        "sitemap-error",
        "Sitemap or robots.txt unreadable",
        "crawl",
        Severity.WARNING,
        "Search engines rely on sitemaps to find pages; a broken one hides them.",
        "Serve valid XML at the sitemap URL and keep robots.txt pointing at it.",
    ),
    CheckInfo(
        "content-error",
        "Unreadable content",
        "content",
        Severity.WARNING,
        "Binary data served as HTML, or bytes that contradict the declared charset, show "
        "readers garbage and search engines nothing.",
        "Serve the right Content-Type and charset for this URL.",
    ),
    CheckInfo(
        "crawl-politeness",
        "Crawl slowed down by the server",
        "crawl",
        Severity.NOTICE,
        "robots.txt Crawl-delay or 429/503 answers made siteaudit wait between requests.",
        "Nothing to fix if intended; a long Crawl-delay makes large audits slow.",
    ),
    CheckInfo(
        "crawl-limit",
        "Crawl stopped at its page limit",
        "crawl",
        Severity.NOTICE,
        "Pages beyond the limit were not audited.",
        "Raise --max-pages, or narrow the crawl with --include/--exclude.",
    ),
    CheckInfo(
        "robots-blocked",
        "Linked URL disallowed by robots.txt",
        "crawl",
        Severity.NOTICE,
        "Internal links point at URLs crawlers may not fetch; they pass no value.",
        "Remove the links, or allow the URLs in robots.txt if they should be crawled.",
    ),
    CheckInfo(
        "legacy-encoding",
        "Page not in UTF-8",
        "content",
        Severity.NOTICE,
        "Legacy encodings (GBK, Latin-1...) break when copied, searched or served with a "
        "wrong header.",
        "Save and serve the page as UTF-8.",
    ),
    CheckInfo(
        "image-missing-alt",
        "Image without alt text",
        "content",
        Severity.NOTICE,
        "Screen readers and search engines cannot tell what the image shows.",
        'Add an alt attribute describing the image (alt="" for decorative images).',
    ),
]

CHECKS: dict[str, CheckInfo] = {c.id: c for c in _CHECKS}
# Families keep their catalogue entries next to their code (analysis/*_catalog.py).
CHECKS.update({c.id: c for c in [*LINK_CHECKS, *CONTENT_CHECKS, *GRAPH_CHECKS]})


def check_info(check_id: str) -> CheckInfo:
    """The catalogue entry for a check id (unknown ids get a generic entry)."""
    return CHECKS.get(
        check_id,
        CheckInfo(
            check_id, check_id.replace("-", " ").capitalize(), "other", Severity.NOTICE, "", ""
        ),
    )
