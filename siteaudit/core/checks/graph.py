"""Declarations of the link-graph checks: reachability, depth, related lists, link score."""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

GRAPH_CHECKS = [
    CheckSpec(
        id="unreachable-page",
        family="graph",
        category="links",
        severity=Severity.WARNING,
        title="No click path from the start page",
        why="Only pages known from the sitemap link here, so readers browsing from the home "
        "page never arrive and search engines see it as an afterthought.",
        fix="Link to it from a page readers can reach, e.g. its section page.",
        evidence="inbound-links",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="deep-page",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Page many clicks from the start",
        why="Every extra click loses readers, and search engines crawl and rank deep pages less.",
        fix="Link to it from a page closer to the start: its section page, a hub or a popular "
        "article's related list.",
        evidence="click-path",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="nav-only-page",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Reached only through navigation",
        why="Menus and footers pass little context; no article mentions or recommends the page.",
        fix="Link to it from the text or the related list of articles on its subject.",
        evidence="inbound-links",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="dead-end-page",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Dead end: no link onwards",
        why="Readers who finish the page have nowhere to go but back or away.",
        fix="Add a related-articles list or links to the next steps in the text.",
        evidence="outgoing-links",
    ),
    CheckSpec(
        id="related-links-few",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Too few related links",
        why="A short or missing 'Recommended for You' list, unlike its section's other pages, "
        "ends the reader's path early.",
        fix="Recommend at least three live articles on the same subject.",
        evidence="related-list",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="related-links-many",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Too many related links",
        why="A very long list buries the useful recommendations and dilutes the link value.",
        fix="Keep the most relevant recommendations only.",
        evidence="related-list",
    ),
    CheckSpec(
        id="related-link-canonicalised",
        family="graph",
        category="indexability",
        severity=Severity.WARNING,
        title="Related link to a canonicalised page",
        why="The recommended page names another URL as its canonical: the site recommends a "
        "copy instead of the original.",
        fix="Link to the canonical URL.",
        evidence="link-canonical",
        subject="target",
    ),
    CheckSpec(
        id="related-link-off-topic",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Related link about something else",
        why="The recommended article shares almost no vocabulary with the page: readers who "
        "wanted more on the subject get something unrelated.",
        fix="Recommend an article on the same subject instead.",
        evidence="similarity",
    ),
    CheckSpec(
        id="related-cluster-isolated",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Isolated group of related articles",
        why="These pages recommend only each other, so readers following recommendations never "
        "reach the rest of the site (and vice versa).",
        fix="Add recommendations from these pages to related articles elsewhere, and from there "
        "back to them.",
        evidence="cluster",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="low-link-score",
        family="graph",
        category="links",
        severity=Severity.NOTICE,
        title="Substantial page with a low link score",
        why="A long article that few or weak pages link to gets little internal link equity and "
        "few readers.",
        fix="Link to it from related articles on the same subject.",
        evidence="link-score",
        needs_complete_crawl=True,
    ),
    CheckSpec(
        id="unlinked-since-last-crawl",
        family="graph",
        category="links",
        severity=Severity.WARNING,
        title="Lost all inbound links since the last crawl",
        why="Pages linked in the previous crawl are no longer linked from anywhere: often a "
        "navigation or related-list change that orphaned them by accident.",
        fix="Restore a link to it (section page or related articles), or redirect it if it was "
        "retired on purpose.",
        evidence="previous-crawl",
        needs_complete_crawl=True,
    ),
]
