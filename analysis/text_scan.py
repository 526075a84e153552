"""One streaming pass over the site's own text, shared by the terms, duplicates, content and
graph (text similarity) checks.

Each page is read from the store, stripped of its template blocks and split into tokens once
(siteaudit.analysis.page_scan). What the pass keeps per page is small (a digest, a MinHash
signature, the ids of its term spellings, its similarity term counts), so memory stays flat
whatever the size of the site; texts are read again only for the few pages a check reports. On a
large site the pages are shared out in URL ranges between worker processes
(siteaudit.analysis.text_workers) and the parts merged in order, so the result is the same as one
process would get.

Three reads of the store: count the blocks (template detection), sample the shingles of about
a thousand pages (stock text), then the pass proper.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from siteaudit.analysis.content_options import DEFAULT_OPTIONS, AnalysisOptions
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.glossary import load_glossary
from siteaudit.analysis.page_scan import (
    FormRows,
    PageForms,
    RangeScan,
    ScanPart,
    TermRows,
    ThinPage,
)
from siteaudit.analysis.shingles import BINS, StockShingles, candidate_pairs
from siteaudit.analysis.stock_text import stock_sample, stock_threshold
from siteaudit.analysis.template_blocks import TemplateBlocks
from siteaudit.analysis.term_discovery import TermCounts
from siteaudit.analysis.text_workers import ParallelScan, TextWorkerError, worker_count

from siteaudit.core.records import Page

# Near-duplicate candidates: estimated Jaccard similarity of the 4-word shingles (stock text
# removed) a pair must show; a copy with a third of its sentences rewritten shows ~0.4.
_MIN_ESTIMATED_JACCARD = 0.2
_MAX_CANDIDATES = 50  # per page: a page copied 1,000 times is reported, not compared 10^6 times
_log = logging.getLogger(__name__)

__all__ = ["DuplicateIndex", "SiteText", "TermCensus", "ThinPage", "scan_site_text"]


@dataclass(slots=True)
class DuplicateIndex:
    """Identical pages grouped by digest and the pairs worth an exact comparison."""

    exact_groups: list[list[str]]
    candidates: list[tuple[str, str]]


@dataclass(slots=True)
class TermCensus:
    """Candidate spellings counted over the site, each page's spellings, glossary hits."""

    counts: TermCounts
    forms_by_page: Mapping[str, Sequence[int]]
    glossary_pages: set[str]


@dataclass(slots=True)
class SiteText:
    """What the pass learnt, per family."""

    duplicates: DuplicateIndex
    terms: TermCensus
    thin: list[ThinPage]
    terms_by_page: TermRows
    template: TemplateBlocks  # found on the way; the checks that re-read pages drop it too
    stock_shingles: int = 0


def html_urls(data: AuditData) -> list[str]:
    """The pages the pass reads (HTML that answered 200), in URL order."""
    return sorted(
        p.url
        for p in data.pages.values()
        if p.status == 200 and p.is_html and p.resource_type == "page"
    )


def scan_site_text(
    data: AuditData, options: AnalysisOptions = DEFAULT_OPTIONS, workers: int | None = None
) -> SiteText:
    """Run the shared pass over every HTML page of the crawl.

    ``workers``: processes to share the pages between (None: as many as pay off here).
    """
    urls = html_urls(data)
    glossary = load_glossary(options.glossary) if options.glossary else None
    workers = worker_count(len(urls)) if workers is None else workers
    sample = stock_sample(urls)
    if workers > 1:
        parallel = ParallelScan(data, options, workers)
        try:
            template, stock = parallel.start(urls, sample)
            scanned = merge_parts(parallel.parts(), template, stock.count, data.pages)
        except (TextWorkerError, OSError) as exc:  # no memory or processes left: go on here
            _log.warning("text pass in one process: %s", str(exc).splitlines()[0])
        else:
            return scanned
        finally:
            parallel.close()
    scan = RangeScan(data.store, data.crawl_id, None, options, glossary)
    template = scan.count_blocks().template(options)
    values, counts = scan.sample(template, sample)
    stock = StockShingles.from_counts(values, counts, stock_threshold(len(urls), len(sample)))
    return merge_parts([scan.scan(template, stock)], template, stock.count, data.pages)


_NO_SIGNATURES = np.zeros((0, BINS), np.uint32)


def _stacked(parts: list[np.ndarray], keep: np.ndarray) -> np.ndarray:
    """The parts' rows where ``keep`` (over all rows, in order), in one array. Each part is
    copied in and let go: the site's signatures are not held twice, as a concatenation
    and then a selection held them."""
    matrix = np.empty((int(keep.sum()), BINS), np.uint32)
    start = filled = 0
    while parts:
        part = parts.pop(0)
        rows = np.flatnonzero(keep[start : start + len(part)])
        taken = len(rows)
        # mode="clip": with the default "raise", numpy fills a temporary copy of ``out`` and
        # copies it over (np.compress does so too): the part's size again, at once.
        np.take(part, rows, axis=0, out=matrix[filled : filled + taken], mode="clip")
        start, filled = start + len(part), filled + taken
        del part
    return matrix


def merge_parts(
    parts: Iterable[ScanPart],
    template: TemplateBlocks,
    stock_count: int = 0,
    pages: Mapping[str, Page] | None = None,
) -> SiteText:
    """One site's results from the parts of its URL ranges, in URL order.

    ``pages``: the loaded pages; what is kept per page then holds their URL strings, not a
    copy of each read from the store (or sent back by a worker).
    """

    def held(url: str) -> str:
        page = pages.get(url) if pages is not None else None
        return page.url if page is not None else url

    counts = TermCounts()
    forms: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    glossary_pages: set[str] = set()
    digests: list[np.ndarray] = []
    digest_pages: list[np.ndarray] = []
    thin: list[ThinPage] = []
    indexed: list[np.ndarray] = []
    signatures: list[np.ndarray] = []
    terms = TermRows()
    for part in parts:
        offset = len(terms.urls)  # the part's page numbers, from here on the site's
        held_urls = [held(url) for url in part.terms.urls]
        terms.extend(TermRows(held_urls, part.terms.lengths, part.terms.keys, part.terms.counts))
        remap = np.asarray(counts.merge(part.counts), np.int32)
        forms.append(_moved_forms(part.forms, offset, remap))
        glossary_pages |= part.glossary_pages
        digests.append(np.frombuffer(part.digests, np.uint64).reshape(-1, 2))
        digest_pages.append(np.frombuffer(part.digest_pages, np.int32).astype(np.int64) + offset)
        thin += part.thin
        indexed.append(np.frombuffer(part.indexed, np.int32).astype(np.int64) + offset)
        signatures.append(part.signatures)
        part.signatures = _NO_SIGNATURES  # the list holds the only reference: see _stacked
    urls = terms.urls
    exact, copies = _exact_groups(np.concatenate(digests), np.concatenate(digest_pages))
    # A copy of a page in an earlier range was indexed by its own worker: drop it, as one
    # process would have (it is reported as an exact duplicate instead).
    numbers = np.concatenate(indexed)
    is_copy = np.zeros(len(urls), np.bool_)
    is_copy[copies] = True
    keep = ~is_copy[numbers]
    numbers = numbers[keep]
    matrix = _stacked(signatures, keep)
    first, second, _ = candidate_pairs(matrix, _MIN_ESTIMATED_JACCARD, _MAX_CANDIDATES)
    candidates = sorted(
        (urls[i], urls[j])
        for i, j in zip(numbers[first].tolist(), numbers[second].tolist(), strict=True)
    )
    exact_urls = sorted(sorted(urls[p] for p in group) for group in exact)
    forms_by_page = _joined_forms(urls, forms)
    census = TermCensus(counts, forms_by_page, glossary_pages)
    duplicates = DuplicateIndex(exact_urls, candidates)
    # terms: one packed chunk a part, not concatenated (a copy of the site's pairs)
    return SiteText(duplicates, census, thin, terms, template, stock_count)


def _moved_forms(
    rows: FormRows, offset: int, remap: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A part's form rows as the site's: page numbers moved by ``offset``, ids remapped and
    sorted again within each page (remapping changes their order)."""
    pages = np.frombuffer(rows.pages, np.int32).astype(np.int64) + offset
    lengths = np.frombuffer(rows.lengths, np.int32)
    ids = remap[np.frombuffer(rows.ids, np.int32)] if len(rows.ids) else np.zeros(0, np.int32)
    row_of = np.repeat(np.arange(len(lengths)), lengths)
    ids = ids[np.lexsort((ids, row_of))]
    return pages, np.cumsum(lengths, dtype=np.int64), ids


def _exact_groups(digests: np.ndarray, pages: np.ndarray) -> tuple[list[list[int]], np.ndarray]:
    """Pages with the same digest (each group's page numbers, ascending), and every page
    after the first of its group (the copies)."""
    if not len(pages):
        return [], np.zeros(0, np.int64)
    order = np.lexsort((pages, digests[:, 1], digests[:, 0]))
    ordered = digests[order]
    new = np.ones(len(order), np.bool_)
    new[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    starts = np.flatnonzero(new)
    sizes = np.diff(np.append(starts, len(order)))
    grouped = pages[order]
    groups = [
        grouped[a : a + n] for a, n in zip(starts.tolist(), sizes.tolist(), strict=True) if n > 1
    ]
    copies = grouped[~new]
    return [g.tolist() for g in groups], copies


def _joined_forms(
    urls: list[str], forms: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> PageForms:
    """The parts' form rows as one PageForms (each part's ends moved past the ids before)."""
    if not forms:
        empty = np.zeros(0, np.int64)
        return PageForms(urls, empty, empty, np.zeros(0, np.int32))
    before = np.cumsum([0, *(len(ids) for _, _, ids in forms[:-1])])
    ends = [
        part_ends + moved for (_, part_ends, _), moved in zip(forms, before.tolist(), strict=True)
    ]
    return PageForms(
        urls,
        np.concatenate([pages for pages, _, _ in forms]),
        np.concatenate(ends),
        np.concatenate([ids for _, _, ids in forms]),
    )
