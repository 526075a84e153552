"""Declarations of the link checks: broken links, redirects, unlinked URLs, fragments.

These are the checks ``siteaudit check`` runs in CI; their ``ci_level`` says which fail it.
"""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

LINK_CHECKS = [
    CheckSpec(
        id="insecure-link",
        family="links",
        category="links",
        severity=Severity.WARNING,
        title="Link over plain http://",
        why="With require_https on (--require-https), a link to another host must use https://: "
        "plain http can be read and changed on the way, and browsers flag it.",
        fix="Link to the https:// address (check that the host serves it).",
        evidence="link",
        ci_level="error",
    ),
    CheckSpec(
        id="broken-link",
        family="links",
        category="links",
        severity=Severity.ERROR,
        title="Broken internal link",
        why="Readers who follow the link land on an error page, and search engines waste crawl "
        "budget on it.",
        fix="Point the link at a live page or remove it.",
        evidence="link",
        ci_level="error",
        subject="target",
    ),
    CheckSpec(
        id="broken-related-link",
        family="links",
        category="links",
        severity=Severity.ERROR,
        title="Broken related-article link",
        why="A 'Recommended for You' entry that leads to an error page breaks the reader's path "
        "at the moment they chose to read on.",
        fix="Remove this recommendation or replace it with a live related article.",
        evidence="link",
        ci_level="error",
        subject="target",
    ),
    CheckSpec(
        id="broken-external-link",
        family="links",
        category="links",
        severity=Severity.ERROR,
        title="Broken external link",
        why="The link leaves the site for an address that answers 4xx/5xx, a TLS error or nothing.",
        fix="Update the link to the resource's current address, or remove it.",
        evidence="link",
        ci_level="error",
        subject="target",
    ),
    CheckSpec(
        id="blocked-link",
        family="links",
        category="links",
        severity=Severity.WARNING,
        title="Link blocked by bot protection",
        why="The host answered with a bot challenge (403 with a challenge header, or 999), so "
        "the link could not be checked; it may work in a browser.",
        fix="Check the link in a browser; exclude the host (--exclude) if it always blocks "
        "checkers.",
        evidence="link",
        ci_level="warning",
        subject="target",
    ),
    CheckSpec(
        id="url-too-long",
        family="links",
        category="links",
        severity=Severity.WARNING,
        title="Link URL too long",
        why="The link's URL is longer than 2,083 characters: browsers, servers and proxies "
        "cut or refuse such URLs, and siteaudit does not fetch them, so what it points at "
        "was not checked.",
        fix="Shorten the URL: move state out of the query string (into a form post or a "
        "stored session), or link to a short URL that redirects.",
        evidence="link-too-long",
        ci_level="warning",
        subject="target",
    ),
    CheckSpec(
        id="redirected-link",
        family="links",
        category="redirects",
        severity=Severity.NOTICE,
        title="Link points at a redirect",
        why="Every redirect costs the reader a round trip and dilutes link signals.",
        fix="Link straight to the final URL.",
        evidence="link-redirect",
        ci_level="warning",
        subject="target",
    ),
    CheckSpec(
        id="robots-blocked",
        family="links",
        category="crawl",
        severity=Severity.NOTICE,
        title="Linked URL disallowed by robots.txt",
        why="Internal links point at URLs crawlers may not fetch; they pass no value.",
        fix="Remove the link, or allow the URL in robots.txt if it should be crawled.",
        evidence="link-robots",
        ci_level="warning",
        subject="target",
    ),
    CheckSpec(
        id="redirect-loop",
        family="redirects",
        category="redirects",
        severity=Severity.ERROR,
        title="Redirect loop",
        why="The URL redirects back to itself through one or more hops: it never loads.",
        fix="Break the loop: make one URL in the cycle answer 200 or redirect to a live page.",
        evidence="redirect-path",
        ci_level="error",
    ),
    CheckSpec(
        id="redirect-chain",
        family="redirects",
        category="redirects",
        severity=Severity.WARNING,
        title="Redirect chain",
        why="Several hops in a row slow readers down; crawlers may give up before the end.",
        fix="Redirect the first URL straight to the final one, and update links to it.",
        evidence="redirect-path",
        ci_level="error",
    ),
    CheckSpec(
        id="page-error",
        family="unlinked",
        category="links",
        severity=Severity.ERROR,
        title="Page answers with an error",
        why="The URL is known (linked or listed in a sitemap) but answers 4xx/5xx or not at all.",
        fix="Restore the page, redirect it to its replacement, or drop it from links and sitemaps.",
        evidence="url-status",
        ci_level="error",
    ),
    CheckSpec(
        id="orphan-page",
        family="unlinked",
        category="links",
        severity=Severity.WARNING,
        title="Orphan page (only in the sitemap)",
        why="No page links to it, so readers cannot reach it and search engines rate it low.",
        fix="Link to it from a related-articles list or its section page, or remove it from "
        "the sitemap.",
        evidence="sitemap-listing",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="missing-fragment",
        family="fragments",
        category="links",
        severity=Severity.ERROR,
        title="Link to a missing fragment",
        why="The page exists but has no element with the id after '#': readers land at the top "
        "instead of the section the link promised.",
        fix="Link to an id that exists on the target page, or add the id there.",
        evidence="link-fragment",
        ci_level="error",
        subject="target",
    ),
]
