"""Declarations of the content-consistency checks: terms, duplicates, lengths, canonicals."""

from __future__ import annotations

from siteaudit.core.checks.spec import CheckSpec
from siteaudit.core.records import Severity

CONTENT_CHECKS = [
    CheckSpec(
        id="term-variant",
        family="terms",
        category="content",
        severity=Severity.WARNING,
        title="Term spelled inconsistently",
        why="One product or service name written several ways (run together, hyphenated, "
        "with a space, misspelt) looks careless, splits site search and makes readers wonder "
        "whether these are different things.",
        fix="Replace each variant with the preferred spelling shown; add the term to a glossary "
        "(siteaudit terms) to keep it consistent.",
        evidence="term",
    ),
    CheckSpec(
        id="duplicate-page",
        family="duplicates",
        category="content",
        severity=Severity.WARNING,
        title="Duplicate page",
        why="The same article under two URLs competes with itself in search, splits links and "
        "doubles the work of keeping it up to date.",
        fix="Keep one page: redirect the copies to it, or point their canonical at it.",
        evidence="page-group",
    ),
    CheckSpec(
        id="near-duplicate-page",
        family="duplicates",
        category="content",
        severity=Severity.WARNING,
        title="Near-duplicate page",
        why="An article copied with small edits competes with the original in search, and the "
        "two drift apart as only one gets corrected.",
        fix="Merge the two pages into one and redirect the other, or rewrite one so it answers "
        "a different question; the finding lists the sentences that differ.",
        evidence="text-diff",
    ),
    CheckSpec(
        id="near-duplicate-template",
        family="duplicates",
        category="content",
        severity=Severity.NOTICE,
        title="Near-duplicate pages from one template",
        why="Reference pages generated from one template (one per version, module or command) "
        "share most of their text by design; the shared part is worth a look when it is long.",
        fix="If the shared text is meant to be shared, nothing to do; otherwise move it to one "
        "page both link to, and keep what is specific to each entity.",
        evidence="text-diff",
    ),
    CheckSpec(
        id="title-near-duplicate",
        family="duplicates",
        category="content",
        severity=Severity.WARNING,
        title="Titles the same once normalised",
        why="Titles that differ only in punctuation or in the spelling of a term look identical "
        "in search results and compete for the same searches.",
        fix="Give each page a title that says what is specific to it; if the pages are about "
        "the same thing, merge them.",
        evidence="page-group",
    ),
    CheckSpec(
        id="h1-duplicate",
        family="duplicates",
        category="content",
        severity=Severity.WARNING,
        title="Duplicate H1",
        why="Pages with the same main heading look like the same answer to readers and search "
        "engines.",
        fix="Write an H1 that says what is specific to this page.",
        evidence="page-group",
    ),
    CheckSpec(
        id="meta-description-duplicate",
        family="duplicates",
        category="content",
        severity=Severity.NOTICE,
        title="Duplicate meta description",
        why="The same snippet under several results gives searchers no reason to pick one.",
        fix="Write a meta description that says what is specific to this page.",
        evidence="page-group",
    ),
    CheckSpec(
        id="title-too-long",
        family="content",
        category="content",
        severity=Severity.NOTICE,
        title="Title too long",
        why="Search results cut titles at about 60 characters; the end of the title is lost.",
        fix="Shorten the title, subject first; drop filler and the site name if needed.",
        evidence="length",
    ),
    CheckSpec(
        id="title-too-short",
        family="content",
        category="content",
        severity=Severity.NOTICE,
        title="Title too short",
        why="A title of a word or two rarely says what the page answers, so it is seldom chosen "
        "in search results.",
        fix="Write a title that names the page's specific subject.",
        evidence="length",
    ),
    CheckSpec(
        id="meta-description-length",
        family="content",
        category="content",
        severity=Severity.NOTICE,
        title="Meta description too short or too long",
        why="Search engines cut long descriptions and often replace very short ones with text "
        "of their own choosing.",
        fix="Write a meta description of about 70-160 characters.",
        evidence="length",
    ),
    CheckSpec(
        id="canonical-elsewhere",
        family="content",
        category="indexability",
        severity=Severity.NOTICE,
        title="Canonical points at another page",
        why="Search engines will index the canonical URL instead of this page: right for a "
        "copy, wrong for an article that should be found on its own.",
        fix="Fine for a copy or a variant; otherwise make the canonical point at this page.",
        evidence="canonical",
    ),
    CheckSpec(
        id="canonical-broken",
        family="content",
        category="indexability",
        severity=Severity.ERROR,
        title="Canonical points at a broken page",
        why="A canonical that answers 4xx/5xx (or not at all) is ignored at best; at worst the "
        "page drops out of search.",
        fix="Point the canonical at this page itself or at a live page with the same content.",
        evidence="canonical",
    ),
    CheckSpec(
        id="canonical-redirect",
        family="content",
        category="indexability",
        severity=Severity.WARNING,
        title="Canonical points at a redirect",
        why="A canonical should name the final URL; a redirect makes the signal ambiguous.",
        fix="Point the canonical straight at the redirect's final URL.",
        evidence="canonical",
    ),
    CheckSpec(
        id="thin-content",
        family="content",
        category="content",
        severity=Severity.WARNING,
        title="Thin content",
        why="A page with only a sentence or two of its own (menus, footers and repeated blocks "
        "not counted) rarely answers the question and is rated low by search engines.",
        fix="Expand the answer with the details readers need, or merge the page into a related "
        "article and redirect it.",
        evidence="word-count",
    ),
]
