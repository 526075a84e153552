"""Catalogue entries (what, why, how to fix) for the content-consistency checks."""

from __future__ import annotations

from siteaudit.analysis.check_info import CheckInfo

from siteaudit.core.records import Severity

CONTENT_CHECKS: list[CheckInfo] = [
    CheckInfo(
        "term-variant",
        "Term spelled inconsistently",
        "content",
        Severity.WARNING,
        "One service or product written five ways (Kapai, Ka Pai, Ka-Pai, KerPai) looks "
        "careless, splits site search and makes readers wonder whether these are different "
        "things.",
        "Replace each variant with the preferred spelling shown; add the term to a glossary "
        "(siteaudit terms) to keep it consistent.",
    ),
    CheckInfo(
        "duplicate-page",
        "Duplicate page",
        "content",
        Severity.WARNING,
        "The same article under two URLs competes with itself in search, splits links and "
        "doubles the work of keeping it up to date.",
        "Keep one URL: redirect the copy to it (301) or point the copy's canonical at it.",
    ),
    CheckInfo(
        "near-duplicate-page",
        "Near-duplicate page",
        "content",
        Severity.WARNING,
        "An article copied with small edits competes with the original in search, and the two "
        "drift apart as only one gets corrected.",
        "Merge the pages and redirect one, or rewrite one so it answers a different question; "
        "the finding lists the sentences that differ.",
    ),
    CheckInfo(
        "near-duplicate-template",
        "Near-duplicate pages from one template",
        "content",
        Severity.NOTICE,
        "Reference pages generated from one template (one per version, module or command) "
        "share most of their text by design; the shared part is worth a look when it is long.",
        "Keep what is specific to each page; move long shared text to one page both link to.",
    ),
    CheckInfo(
        "title-near-duplicate",
        "Titles the same once normalised",
        "content",
        Severity.WARNING,
        "Titles that differ only in punctuation or in the spelling of a term look identical in "
        "search results and compete for the same searches.",
        "Give each page a title that says what is specific to it, or merge the pages.",
    ),
    CheckInfo(
        "h1-duplicate",
        "Duplicate H1",
        "content",
        Severity.WARNING,
        "Pages with the same main heading look like the same answer to readers and search engines.",
        "Write an H1 that names what is specific to each page.",
    ),
    CheckInfo(
        "meta-description-duplicate",
        "Duplicate meta description",
        "content",
        Severity.NOTICE,
        "The same snippet under several results gives searchers no reason to pick one.",
        "Write a meta description that summarises each page on its own.",
    ),
    CheckInfo(
        "title-too-long",
        "Title too long",
        "content",
        Severity.NOTICE,
        "Search results cut titles at about 60 characters; the end of the title is lost.",
        "Shorten the title, subject first; drop filler and the site name if needed.",
    ),
    CheckInfo(
        "title-too-short",
        "Title too short",
        "content",
        Severity.NOTICE,
        "A title of a word or two rarely says what the page answers, so it is seldom chosen "
        "in search results.",
        "Write a title that names the page's specific subject.",
    ),
    CheckInfo(
        "meta-description-length",
        "Meta description too short or too long",
        "content",
        Severity.NOTICE,
        "Search engines cut long descriptions and often replace very short ones with text of "
        "their own choosing.",
        "Write a meta description of about 70-160 characters.",
    ),
    CheckInfo(
        "canonical-elsewhere",
        "Canonical points at another page",
        "indexability",
        Severity.NOTICE,
        "Search engines will index the canonical URL instead of this page: right for a copy, "
        "wrong for an article that should be found on its own.",
        "If the page should rank, make its canonical point at itself.",
    ),
    CheckInfo(
        "canonical-broken",
        "Canonical points at a broken page",
        "indexability",
        Severity.ERROR,
        "A canonical that answers 4xx/5xx (or not at all) is ignored at best; at worst the "
        "page drops out of search.",
        "Point the canonical at the page itself or at a live equivalent.",
    ),
    CheckInfo(
        "canonical-redirect",
        "Canonical points at a redirect",
        "indexability",
        Severity.WARNING,
        "A canonical should name the final URL; a redirect makes the signal ambiguous.",
        "Point the canonical straight at the redirect's final URL.",
    ),
    CheckInfo(
        "thin-content",
        "Thin content",
        "content",
        Severity.WARNING,
        "A page with only a sentence or two of its own (menus, footers and repeated blocks not "
        "counted) rarely answers the question and is rated low by search engines.",
        "Expand the answer, or merge the page into a related article and redirect it.",
    ),
]
