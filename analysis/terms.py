"""The term-variant check: every spelling of a term that is not the preferred one, located.

One streaming pass counts candidate spellings in every page's own content (template blocks
removed) and notes which pages use which; clusters are discovered (and/or read from the
glossary); then only the pages and link texts that contain a variant are read again to
locate each occurrence: page, element (title, h1, heading, body, link, meta-description),
a snippet with the variant marked, and the replacement.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from siteaudit.analysis.content_options import DEFAULT_OPTIONS, AnalysisOptions
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.glossary import Glossary, load_glossary
from siteaudit.analysis.template_blocks import PageContent, iter_page_content, site_template
from siteaudit.analysis.term_discovery import (
    TOKEN,
    TermCluster,
    TermCounts,
    discover_clusters,
    fold,
    same_spelling,
)
from siteaudit.analysis.text_scan import site_text

from siteaudit.core.records import Finding, Region, Severity

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


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One spelling of a term in a text."""

    start: int
    end: int
    text: str
    preferred: str
    is_variant: bool


class TermMatcher:
    """Finds the spellings of known terms: glossary patterns first, discovered forms after."""

    def __init__(self, clusters: Iterable[TermCluster], glossary: Glossary | None = None) -> None:
        self.glossary = glossary
        self.forms: dict[str, tuple[str, bool]] = {}  # spelling -> (preferred, is_variant)
        for cluster in clusters:
            for form in cluster.forms:
                variant = not same_spelling(form, cluster.preferred)
                self.forms[form] = (cluster.preferred, variant)
        self.variant_forms = frozenset(f for f, (_, v) in self.forms.items() if v)
        # A variant found by the word walk is a substring of the text: one regex search in C
        # tells most texts (and the site's link texts) they need no walk at all.
        by_length = sorted(self.variant_forms, key=lambda f: (-len(f), f))
        self._any_variant = re.compile("|".join(map(re.escape, by_length))) if by_length else None

    def find(self, text: str) -> list[Occurrence]:
        """Every known spelling in ``text``, without overlaps, in text order."""
        found = self._glossary_matches(text)
        if self.forms:
            taken = [(o.start, o.end) for o in found]
            for occ in self._find_forms(text):
                if not any(occ.start < e and s < occ.end for s, e in taken):
                    found.append(occ)
            found.sort(key=lambda o: o.start)
        return found

    def _glossary_matches(self, text: str) -> list[Occurrence]:
        if self.glossary is None:
            return []
        folded = {fold(m.group(0)) for m in TOKEN.finditer(text)} | {
            m.group(0).casefold() for m in TOKEN.finditer(text)
        }
        return [
            Occurrence(m.start, m.end, m.text, m.preferred, m.is_variant)
            for m in self.glossary.find(text, folded)
        ]

    def _find_forms(self, text: str) -> Iterator[Occurrence]:
        tokens = list(TOKEN.finditer(text))
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i + 1 < len(tokens) and text[token.end() : tokens[i + 1].start()] == " ":
                pair = f"{token.group(0)} {tokens[i + 1].group(0)}"
                if pair in self.forms:
                    preferred, variant = self.forms[pair]
                    yield Occurrence(token.start(), tokens[i + 1].end(), pair, preferred, variant)
                    i += 2
                    continue
            word = token.group(0)
            if word in self.forms:
                preferred, variant = self.forms[word]
                yield Occurrence(token.start(), token.end(), word, preferred, variant)
            i += 1

    def variants(self, text: str) -> list[Occurrence]:
        """Only the spellings that should be replaced."""
        if self._any_variant is not None and self._any_variant.search(text):
            return [o for o in self.find(text) if o.is_variant]
        # No discovered variant in the text: only the glossary can find one (the preferred
        # forms found besides never displace a glossary match).
        return [o for o in self._glossary_matches(text) if o.is_variant]

    def normalise(self, text: str) -> str:
        """``text`` with every variant replaced by its preferred form."""
        out, last = [], 0
        for occ in self.variants(text):
            out += [text[last : occ.start], occ.preferred]
            last = occ.end
        out.append(text[last:])
        return "".join(out)


@dataclass(frozen=True, slots=True)
class SiteTerms:
    """What the counting pass learnt: the clusters, the matcher, the pages to revisit."""

    clusters: list[TermCluster]
    matcher: TermMatcher
    pages_with_variants: list[str]


def page_texts(page: PageContent) -> Iterator[tuple[str, str]]:
    """(element, text) for every text of a page an editor may need to change."""
    if page.title:
        yield "title", page.title
    if page.meta_description:
        yield "meta-description", page.meta_description
    for h1 in page.h1:
        yield "h1", h1
    for heading in page.headings:
        yield "heading", heading
    for text in page.body:
        yield "body", text


def count_terms(
    pages: Iterable[PageContent], glossary: Glossary | None
) -> tuple[TermCounts, dict[str, array[int]], set[str]]:
    """Count candidate spellings of every page; note each page's spellings and glossary hits."""
    counts = TermCounts()
    forms_by_page: dict[str, array[int]] = {}
    glossary_pages: set[str] = set()
    probe = TermMatcher([], glossary) if glossary is not None else None
    for page in pages:
        ids: set[int] = set()
        for element, text in page_texts(page):
            ids |= counts.add_text(text, headline=element in {"title", "h1"})
            if probe is not None and page.url not in glossary_pages and probe.variants(text):
                glossary_pages.add(page.url)
        if ids:
            forms_by_page[page.url] = array("i", sorted(ids))
    return counts, forms_by_page, glossary_pages


def build_site_terms(
    pages: Iterable[PageContent], options: AnalysisOptions, glossary: Glossary | None = None
) -> SiteTerms:
    """Count, cluster and prepare the matcher for a stream of pages."""
    counts, forms_by_page, glossary_pages = count_terms(pages, glossary)
    return terms_from_counts(counts, forms_by_page, glossary_pages, options, glossary)


def terms_from_counts(
    counts: TermCounts,
    forms_by_page: dict[str, array[int]],
    glossary_pages: set[str],
    options: AnalysisOptions,
    glossary: Glossary | None = None,
) -> SiteTerms:
    """Cluster the counted spellings and note the pages that use a variant."""
    preferred_by_fold: dict[str, str] = {}
    if glossary is not None:
        for term in glossary.terms:
            for spelling in (term.preferred, *term.variants):
                if not spelling.startswith("re:"):
                    preferred_by_fold[fold(spelling)] = term.preferred
    clusters = []
    if options.discover_terms:
        clusters = discover_clusters(counts, options.title_weight, preferred_by_fold)
    matcher = TermMatcher(clusters, glossary)
    variant_ids = {counts.ids[f] for f in matcher.variant_forms if f in counts.ids}
    pages = set(glossary_pages)
    pages.update(url for url, ids in forms_by_page.items() if variant_ids.intersection(ids))
    return SiteTerms(clusters, matcher, sorted(pages))


_cache: list[tuple[AuditData, AnalysisOptions, SiteTerms]] = []


def site_terms(data: AuditData, options: AnalysisOptions = DEFAULT_OPTIONS) -> SiteTerms:
    """The term clusters of the audited crawl, computed once per analysis run."""
    for cached_data, cached_options, terms in _cache:
        if cached_data is data and cached_options == options:
            return terms
    glossary = load_glossary(options.glossary) if options.glossary else None
    census = site_text(data, options).terms
    terms = terms_from_counts(
        census.counts, census.forms_by_page, census.glossary_pages, options, glossary
    )
    _cache[:] = [(data, options, terms)]
    return terms


def check_terms(data: AuditData, options: AnalysisOptions = DEFAULT_OPTIONS) -> Iterator[Finding]:
    """term-variant: each page, element and variant spelling, with snippets and the fix."""
    terms = site_terms(data, options)
    if not terms.matcher.forms and terms.matcher.glossary is None:
        return
    for page in iter_page_content(data, options, terms.pages_with_variants):
        anchors = _main_anchor_texts(data, page.url)
        found: dict[tuple[str, str], list[tuple[str, Occurrence]]] = defaultdict(list)
        for element, text in page_texts(page):
            if element == "body" and text in anchors:
                continue  # a list of links: reported below as link texts
            for occ in terms.matcher.variants(text):
                found[element, occ.text].append((text, occ))
        yield from _findings(page.url, found)
    yield from _link_findings(data, terms.matcher, options)


def _main_anchor_texts(data: AuditData, url: str) -> set[str]:
    return data.store.anchor_texts(data.crawl_id, url)


def _link_findings(
    data: AuditData, matcher: TermMatcher, options: AnalysisOptions
) -> Iterator[Finding]:
    # Anchor texts repeat massively (menus, related lists): match each distinct text once.
    store = data.store
    texts = [t for t in store.distinct_anchor_texts(data.crawl_id) if matcher.variants(t)]
    by_page: dict[str, dict[tuple[str, str], list[tuple[str, Occurrence]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    template_min = site_template(data, options).min_pages
    for start in range(0, len(texts), _SQL_BATCH):
        batch = texts[start : start + _SQL_BATCH]
        rows = store.template_anchor_spread(data.crawl_id, batch)
        site_wide = {(t, r) for t, r, _, n in rows if n >= template_min}
        first_page = {(t, r): s for t, r, s, n in rows if n >= template_min}
        for source, text, region in store.anchors_with_texts(data.crawl_id, batch):
            if (text, region) in site_wide and first_page[text, region] != source:
                continue  # a menu link on every page: report it once, on the first page
            element = "link (site template)" if (text, region) in site_wide else "link"
            for occ in matcher.variants(text):
                by_page[source][element, occ.text].append((text, occ))
    for url in sorted(by_page):
        yield from _findings(url, by_page[url])


def _findings(
    url: str, found: dict[tuple[str, str], list[tuple[str, Occurrence]]]
) -> Iterator[Finding]:
    for (element, variant), hits in sorted(found.items()):
        preferred = hits[0][1].preferred
        snippets = [mark(text, occ) for text, occ in hits[:_MAX_SNIPPETS]]
        label = ELEMENT_LABELS.get(element, element)
        times = f" ({len(hits)} times)" if len(hits) > 1 else ""
        yield Finding(
            "term-variant",
            Severity.WARNING,
            url,
            f'"{variant}" in {label}{times}: the site\'s preferred spelling is "{preferred}"',
            element=element,
            snippet=snippets[0],
            fix=f'Replace "{variant}" with "{preferred}".',
            evidence={
                "variant": variant,
                "preferred": preferred,
                "count": len(hits),
                "snippets": snippets,
                "target": f"{element}:{variant}",
            },
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
