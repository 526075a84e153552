"""The site's terms: spellings counted over its pages, clustered, and the pages with a variant."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.glossary import Glossary
from siteaudit.analysis.template_blocks import HEADING_TAGS, PageContent
from siteaudit.analysis.term_discovery import TermCluster, TermCounts, discover_clusters, fold
from siteaudit.analysis.term_matcher import TermMatcher


@dataclass(frozen=True, slots=True)
class SiteTerms:
    """What the counting pass learnt: the clusters, the matcher, the pages to revisit."""

    clusters: list[TermCluster]
    matcher: TermMatcher
    pages_with_variants: list[str]


CodeRanges = list[tuple[int, int]] | None


def page_texts(page: PageContent) -> Iterator[tuple[str, str, CodeRanges]]:
    """(element, text, code ranges) for every text of a page an editor may need to change."""
    if page.title:
        yield "title", page.title, None
    if page.meta_description:
        yield "meta-description", page.meta_description, None
    for h1 in page.h1:
        yield "h1", h1, None
    blocks = [b for b in page.own_blocks if b.tag != "h1"]
    for block in blocks:
        if block.tag in HEADING_TAGS:
            yield "heading", block.text, block.code
    for block in blocks:
        if block.tag not in HEADING_TAGS:
            yield "body", block.text, block.code


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
        for element, text, code in page_texts(page):
            ids |= counts.add_text(
                text, headline=element in {"title", "h1"}, prose=element == "body", code=code
            )
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
    forms_by_page: Mapping[str, Iterable[int]],
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
