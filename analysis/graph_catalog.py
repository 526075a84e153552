"""Catalogue entries for the graph checks (analysis/graph_checks.py)."""

from __future__ import annotations

from siteaudit.analysis.check_info import CheckInfo

from siteaudit.core.records import Severity

GRAPH_CHECKS: list[CheckInfo] = [
    CheckInfo(
        "unreachable-page",
        "No click path from the start page",
        "links",
        Severity.WARNING,
        "Only pages known from the sitemap link here, so readers browsing from the home page "
        "never arrive and search engines see it as an afterthought.",
        "Link to it from a page readers can reach, such as its section page.",
    ),
    CheckInfo(
        "deep-page",
        "Page many clicks from the start",
        "links",
        Severity.NOTICE,
        "Every extra click loses readers, and search engines crawl and rank deep pages less.",
        "Link to it from its section page, a hub or a popular article's related list.",
    ),
    CheckInfo(
        "nav-only-page",
        "Reached only through navigation",
        "links",
        Severity.NOTICE,
        "Menus and footers pass little context; no article mentions or recommends the page.",
        "Link to it from the text or the related list of articles on its subject.",
    ),
    CheckInfo(
        "dead-end-page",
        "Dead end: no link onwards",
        "links",
        Severity.NOTICE,
        "Readers who finish the page have nowhere to go but back or away.",
        "Add a related-articles list or links to next steps in the text.",
    ),
    CheckInfo(
        "related-links-few",
        "Too few related links",
        "links",
        Severity.NOTICE,
        "A short or missing 'Recommended for You' list, unlike its section's other pages, "
        "ends the reader's path early.",
        "Recommend at least three live articles on the same subject.",
    ),
    CheckInfo(
        "related-links-many",
        "Too many related links",
        "links",
        Severity.NOTICE,
        "A very long list buries the useful recommendations and dilutes the link value.",
        "Keep the most relevant recommendations only.",
    ),
    CheckInfo(
        "related-link-canonicalised",
        "Related link to a canonicalised page",
        "indexability",
        Severity.WARNING,
        "The recommended page names another URL as its canonical: the site recommends a "
        "copy instead of the original.",
        "Link to the canonical URL.",
    ),
    CheckInfo(
        "related-link-off-topic",
        "Related link about something else",
        "links",
        Severity.NOTICE,
        "The recommended article shares almost no vocabulary with the page: readers who "
        "wanted more on the subject get something unrelated.",
        "Recommend an article on the same subject.",
    ),
    CheckInfo(
        "related-cluster-isolated",
        "Isolated group of related articles",
        "links",
        Severity.NOTICE,
        "These pages recommend only each other, so readers following recommendations never "
        "reach the rest of the site (and vice versa).",
        "Add recommendations between this group and related articles elsewhere.",
    ),
    CheckInfo(
        "low-link-score",
        "Substantial page with a low link score",
        "links",
        Severity.NOTICE,
        "A long article that few or weak pages link to gets little internal link equity and "
        "few readers.",
        "Link to it from the similar pages listed in the finding.",
    ),
    CheckInfo(
        "unlinked-since-last-crawl",
        "Lost all inbound links since the last crawl",
        "links",
        Severity.WARNING,
        "Pages linked in the previous crawl are no longer linked from anywhere: often a "
        "navigation or related-list change that orphaned them by accident.",
        "Restore a link to it, or redirect it if it was retired on purpose.",
    ),
]
