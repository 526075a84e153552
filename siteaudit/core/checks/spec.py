"""The declaration of a check, and the one way to build its findings.

A check is declared once, as a ``CheckSpec``; the analysis builds findings through it (so a
call site cannot restate the severity), and the HTML report, the CI formats and the docs'
checks table read their texts and levels from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from siteaudit.core.records import Finding, Severity

# What ``siteaudit check`` makes of a check: "error" fails the run, "warning" fails it only
# with --strict; None: not a link check, ``siteaudit check`` does not run it.
CiLevel = Literal["error", "warning"]

# What a finding is about. "page": the page it is reported on. "target": the URL a link on
# that page points at; one broken URL linked from a site-wide header is one problem, so
# reports group these findings by (check, target) and list the linking pages.
Subject = Literal["page", "target"]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """Everything static about one check: identity, level, texts, evidence shape."""

    id: str
    family: str  # the analysis family that emits it (siteaudit.analysis.FAMILIES)
    category: str  # how reports group it: links, redirects, content, indexability, crawl
    severity: Severity
    title: str
    why: str  # why it matters, for the reader and for search engines
    fix: str  # how to fix it in general; a finding may carry a concrete fix instead
    evidence: str  # name of the shape of a finding's ``evidence`` dict (see EVIDENCE_TYPES)
    ci_level: CiLevel | None = None
    subject: Subject = "page"
    # True when the check reasons about the whole site (who links to a page, how long its
    # related list is among crawled pages): a partial crawl would report artefacts of the
    # pages it missed, so such a crawl holds these findings back (core.completeness).
    needs_complete_crawl: bool = False

    def finding(
        self,
        url: str,
        message: str,
        *,
        element: str | None = None,
        snippet: str | None = None,
        fix: str | None = None,
        evidence: dict[str, object] | None = None,
    ) -> Finding:
        """A finding of this check; ``fix`` names the concrete repair, else the generic one."""
        return Finding(
            self.id,
            self.severity,
            url,
            message,
            element=element,
            snippet=snippet,
            fix=fix or self.fix,
            evidence=evidence if evidence is not None else {},
        )


# The shapes of ``Finding.evidence``; renderers pick fields by these names.
EVIDENCE_TYPES: dict[str, str] = {
    "none": "no evidence beyond the message",
    "link": "a link: target, anchor, region, position; status and error of the target; "
    "line and column in the HTML source when recorded",
    "link-redirect": "a link to a redirect: target, final, hops, region, position",
    "link-robots": "a link to a URL robots.txt disallows: target, anchor, region",
    "link-too-long": "a link whose URL is too long to fetch: length, limit, target (the URL's "
    "first 100 characters and an ellipsis), anchor, region, position",
    "link-fragment": "a link to a missing #id: target (with #fragment), fragment, anchor, region",
    "redirect-path": "a redirect chain or loop: hops, target, final",
    "url-status": "a URL that fails: status, error, the sitemap that lists it",
    "sitemap-listing": "the sitemap that lists the URL",
    "page-attribute": "the page field the finding is about (via, encoding, h1...)",
    "title-h1": "the title and the H1 and the words in which they differ",
    "images": "the images concerned",
    "page-group": "other pages sharing the same text: others, others_count, target",
    "text-diff": "the other page, the similarity and the sentences found on one side only",
    "length": "the text's length and the limits it breaks",
    "canonical": "the canonical target, where it redirects, how it fails",
    "word-count": "own words on the page and the minimum",
    "crawl-event": "what the crawler noticed: kind, detail",
    "structured-data-error": "an unreadable structured-data block: format, error",
    "structured-data-properties": "a structured-data node: type, types, format (json-ld or "
    "microdata), missing (the properties, each as 'Type path.property'), level",
    "faq-hidden": "FAQ questions and answers marked up but not in the page's text: hidden",
    "faq-duplicate": "FAQ questions also marked up elsewhere: questions, others (the page(s) "
    "reached first that mark them up), others_count",
    "term": "the variant, the preferred spelling, how often, snippets",
    "inbound-links": "the pages linking in",
    "click-path": "the click depth and the path from the start page",
    "outgoing-links": "how many links lead onwards",
    "related-list": "the page's related links and what its section usually has",
    "link-canonical": "a related link: target, the target's canonical, anchor",
    "similarity": "the linked page and how similar it is",
    "cluster": "the pages of an isolated group",
    "link-score": "link score, inbound links, suggested linking pages",
    "previous-crawl": "the previous crawl and the inbound links the page had then",
    "render-facts": "what the raw HTML and the rendered DOM showed (looked_at: raw, rendered "
    "or both): link and word counts, links found only after rendering, the elements, "
    "console errors and failed requests",
}
