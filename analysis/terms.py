"""The term-variant check: every spelling of a term that is not the preferred one, located.

One streaming pass counts candidate spellings in every page's own content (template blocks
removed) and notes which pages use which; clusters are discovered (and/or read from the
glossary); then only the pages and link texts that contain a variant are read again to
locate each occurrence: page, element (title, h1, heading, body, link, meta-description),
a snippet with the variant marked, and the replacement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.site_terms import CodeRanges, SiteTerms, page_texts
from siteaudit.analysis.template_blocks import TemplateBlocks, iter_page_content
from siteaudit.analysis.term_discovery import Span, in_capitalised_name, in_technical_token
from siteaudit.analysis.term_matcher import Occurrence, TermMatcher

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Region

_SNIPPET_CONTEXT = 45
_MAX_SNIPPETS = 20
_SQL_BATCH = 500
_TEMPLATE_REGIONS = {Region.NAV, Region.HEADER, Region.FOOTER}
ELEMENT_LABELS = {
    "title": "title",
    "meta-description": "meta description",
    "h1": "H1",
    "heading": "a heading",
    "body": "the text",
    "link": "a link text",
}


__all__ = ["ELEMENT_LABELS", "Occurrence", "SiteTerms", "TermMatcher", "check_terms", "mark"]


def check_terms(context: AnalysisContext) -> Iterator[Finding]:
    """term-variant: each page, element and variant spelling, with snippets and the fix."""
    data, options, terms = context.data, context.options, context.terms
    if not terms.matcher.forms and terms.matcher.glossary is None:
        return
    pages = iter_page_content(data, context.template, options, terms.pages_with_variants)
    for page in pages:
        anchors = _main_anchor_texts(data, page.url)
        found: dict[tuple[str, str], list[tuple[str, Occurrence]]] = defaultdict(list)
        for element, text, code in page_texts(page):
            if element == "body" and text in anchors:
                continue  # a list of links: reported below as link texts
            variants = terms.matcher.variants(text)
            for occ in prose_occurrences(text, variants, code, running=element == "body"):
                found[element, occ.text].append((text, occ))
        yield from _findings(page.url, found, terms.matcher)
    yield from _link_findings(data, terms.matcher, context.template)


def prose_occurrences(
    text: str, found: list[Occurrence], code: CodeRanges, *, running: bool = False
) -> list[Occurrence]:
    """The occurrences that are running text: not in code, not part of a URL or identifier;
    in ``running`` text (a paragraph), not part of a longer capitalised name either."""
    return [
        o
        for o in found
        if not in_technical_token(text, o.start, o.end)
        and not (code and any(o.start < e and s < o.end for s, e in code))
        and not (running and in_capitalised_name(text, Span(o.start, o.end, o.text)))
    ]


def _main_anchor_texts(data: AuditData, url: str) -> set[str]:
    return data.store.anchor_texts(data.crawl_id, url)


def _link_findings(
    data: AuditData, matcher: TermMatcher, template: TemplateBlocks
) -> Iterator[Finding]:
    # Anchor texts repeat massively (menus, related lists): match each distinct text once.
    store = data.store
    # A link text is prose too: "appendvfs.c" names a file, not the term.
    texts = [
        t
        for t in store.distinct_anchor_texts(data.crawl_id)
        if prose_occurrences(t, matcher.variants(t), None)
    ]
    by_page: dict[str, dict[tuple[str, str], list[tuple[str, Occurrence]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    template_min = template.min_pages
    for start in range(0, len(texts), _SQL_BATCH):
        batch = texts[start : start + _SQL_BATCH]
        rows = store.template_anchor_spread(data.crawl_id, batch)
        site_wide = {(t, r) for t, r, _, n in rows if n >= template_min}
        first_page = {(t, r): s for t, r, s, n in rows if n >= template_min}
        for source, text, region in store.anchors_with_texts(data.crawl_id, batch):
            if (text, region) in site_wide and first_page[text, region] != source:
                continue  # a menu link on every page: report it once, on the first page
            element = "link (site template)" if (text, region) in site_wide else "link"
            for occ in prose_occurrences(text, matcher.variants(text), None):
                by_page[source][element, occ.text].append((text, occ))
    for url in sorted(by_page):
        yield from _findings(url, by_page[url], matcher)


def _findings(
    url: str, found: dict[tuple[str, str], list[tuple[str, Occurrence]]], matcher: TermMatcher
) -> Iterator[Finding]:
    for (element, variant), hits in sorted(found.items()):
        preferred = hits[0][1].preferred
        snippets = [mark(text, occ) for text, occ in hits[:_MAX_SNIPPETS]]
        label = ELEMENT_LABELS.get(element, element)
        times = f" ({len(hits)} times)" if len(hits) > 1 else ""
        evidence: dict[str, object] = {
            "variant": variant,
            "preferred": preferred,
            "count": len(hits),
            "snippets": snippets,
            "target": f"{element}:{variant}",
        }
        if matcher.unsettled(variant, preferred):
            # No spelling dominates: say so rather than name a winner by a narrow count.
            uses = matcher.uses
            evidence |= {
                "unsettled": True,
                "uses": {variant: uses[variant], preferred: uses[preferred]},
            }
            message = (
                f'"{variant}" in {label}{times}: the site writes this term both "{variant}" '
                f'({uses[variant]} times) and "{preferred}" ({uses[preferred]} times)'
            )
            fix = (
                f'Choose one spelling ("{preferred}" or "{variant}"), use it everywhere and '
                "add it to the glossary."
            )
        else:
            message = (
                f'"{variant}" in {label}{times}: the site\'s preferred spelling is "{preferred}"'
            )
            fix = f'Replace "{variant}" with "{preferred}".'
        yield make_finding(
            "term-variant",
            url,
            message,
            element=element,
            snippet=snippets[0],
            fix=fix,
            evidence=evidence,
        )


def mark(text: str, occ: Occurrence) -> str:
    """A snippet of ``text`` around ``occ`` with the variant marked «like this»."""
    start = max(0, occ.start - _SNIPPET_CONTEXT)
    end = min(len(text), occ.end + _SNIPPET_CONTEXT)
    if start > 0:
        start = text.find(" ", start, occ.start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", occ.end, end) if text.rfind(" ", occ.end, end) > 0 else end
    before = ("…" if start > 0 else "") + text[start : occ.start]
    after = text[occ.end : end] + ("…" if end < len(text) else "")
    return f"{before}«{occ.text}»{after}"
