"""Template removal: text blocks repeated across many pages are site furniture, not content.

Navigation, footers, review carousels, "Still have questions?" boxes and related-article lists
repeat on page after page. Counted as content they make every page of a template-heavy site
look like a near-duplicate of every other and swamp term counts. A block (normalised text) that
appears on enough pages is a template block; what is left in the content regions is the
page's own content. Pages are streamed from SQLite, never held all at once.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

import numpy as np
from siteaudit.analysis.content_options import DEFAULT_OPTIONS, AnalysisOptions
from siteaudit.analysis.data import AuditData

from siteaudit.core.records import TextBlock
from siteaudit.store import Store

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\u3040-\u30ff\u3400-\u9fff]+")
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_URL_BATCH = 500
_JOIN = " \x00 "
_COUNT_CHUNK = 1000  # pages whose block keys are counted together (numpy, bounded memory)
# Block keys are hashes, spread evenly over int64: these cuts split them into 16 spans.
_SPAN_CUTS = np.array([-(2**63) + i * 2**60 for i in range(1, 16)], np.int64)


@dataclass(slots=True)
class PageText:
    """The text-bearing fields of one stored HTML page."""

    url: str
    title: str | None
    meta_description: str | None
    h1: list[str]
    blocks: list[TextBlock]
    canonical: str | None = None
    indexable: bool = True


@dataclass(slots=True)
class RawPage:
    """A stored HTML page as the text passes read it: blocks as decoded JSON lists.

    No object per block: ``blocks`` holds [region, tag, text] lists straight from the store.
    """

    url: str
    title: str | None
    meta_description: str | None
    h1: list[str]
    blocks: list[list[str]]
    canonical: str | None
    indexable: bool
    lang: str | None = None  # the page's <html lang>, as stored


@dataclass(slots=True)
class PageContent:
    """A page's own content: its text minus template blocks, split by element."""

    url: str
    title: str | None
    meta_description: str | None
    h1: list[str]
    headings: list[str] = field(default_factory=list)  # H2-H6 of the content regions
    body: list[str] = field(default_factory=list)  # paragraphs, list items... (not headings)
    own_blocks: list[TextBlock] = field(default_factory=list)  # all own blocks, page order
    indexable: bool = True
    canonical: str | None = None

    @property
    def main_text(self) -> str:
        """The page's own text, blocks joined in page order."""
        return "\n".join(b.text for b in self.own_blocks)


@dataclass(frozen=True, slots=True)
class TemplateBlocks:
    """The set of repeated blocks of one crawl and the rule that selected them."""

    keys: frozenset[int]
    min_pages: int
    pages: int

    def __contains__(self, block: object) -> bool:
        return isinstance(block, TextBlock) and block_key(block.region, block.text) in self.keys


def block_key(region: str, text: str) -> int:
    """Identity of a block: its region and its text, insensitive to case and spacing.

    The region is part of it because an article's H1 repeated in other pages' related lists
    is still the article's own heading. Python's str hash is salted per process, which is
    fine: keys never leave the process.
    """
    return hash((region, " ".join(text.casefold().split())))


def block_keys(regions: list[str], texts: list[str]) -> list[int]:
    """``block_key`` of every block of a page, in a few C-speed calls instead of a loop.

    Stored blocks are already whitespace-normalised (one space between words), so casefolding
    the page's texts joined by " NUL " and splitting them again gives the normalised texts.
    A text with a leading, trailing or double space shows up as "  " in the joined string.
    """
    joined = _JOIN.join(texts)
    parts = joined.casefold().split(_JOIN)
    if (
        len(parts) != len(texts)
        or "  " in joined
        or joined[:1] == " "
        or joined[-1:] == " "
        or not all(map(str.isprintable, texts))  # printable: no whitespace but " "
    ):
        parts = [" ".join(t.casefold().split()) for t in texts]
    return list(map(hash, zip(regions, parts, strict=True)))


def words(text: str) -> list[str]:
    """Words of a text; each CJK character counts as one, as CJK text has no spaces."""
    return _WORD.findall(text)


def template_threshold(pages: int, options: AnalysisOptions) -> int:
    """How many pages a block must appear on to count as template."""
    by_share = math.ceil(options.template_min_share * pages)
    return max(3, min(options.template_min_pages, by_share))


def stream_page_texts(
    store: Store, crawl_id: int, urls: Iterable[str] | None = None
) -> Iterator[PageText]:
    """HTML pages that answered 200 with their text, in URL order (or only ``urls``)."""
    with store.decoding("pages"):
        yield from _page_texts(store.page_text_rows(crawl_id, urls, batch=_URL_BATCH))


def _page_texts(rows: Iterable[tuple[object, ...]]) -> Iterator[PageText]:
    for page in _raw_pages(rows):
        yield PageText(
            url=page.url,
            title=page.title,
            meta_description=page.meta_description,
            h1=page.h1,
            blocks=[_text_block(b) for b in page.blocks],
            canonical=page.canonical,
            indexable=page.indexable,
        )


def read_raw_pages(
    store: Store, crawl_id: int, urls: Iterable[str] | None = None
) -> Iterator[RawPage]:
    """Like ``stream_page_texts`` but without an object per block (for whole-site passes)."""
    with store.decoding("pages"):
        yield from _raw_pages(store.page_text_rows(crawl_id, urls, batch=_URL_BATCH))


def _text_block(raw: list[str]) -> TextBlock:
    # A stored [region, tag, text] list; blocks_json adds code ranges as a fourth item.
    code = cast("list[tuple[int, int]]", raw[3]) if len(raw) > 3 else None
    return TextBlock(raw[0], raw[1], raw[2], code)


def _raw_pages(rows: Iterable[tuple[object, ...]]) -> Iterator[RawPage]:
    for url, title, description, h1, blocks, canonical, robots, x_robots, lang in rows:
        directives = f"{robots or ''},{x_robots or ''}".lower()
        yield RawPage(
            str(url),
            # ignore: store rows are tuples of object; the columns' types are the schema's
            title,  # type: ignore[arg-type]
            description,  # type: ignore[arg-type]
            json.loads(h1),  # type: ignore[arg-type]
            json.loads(blocks),  # type: ignore[arg-type]
            canonical,  # type: ignore[arg-type]
            "noindex" not in directives
            and "none" not in {d.strip() for d in directives.split(",")},
            # ignore: store rows are tuples of object; the columns' types are the schema's
            lang,  # type: ignore[arg-type]
        )


def find_template_blocks(pages: Iterable[PageText], options: AnalysisOptions) -> TemplateBlocks:
    """Count on how many pages each block appears; frequent ones are template blocks."""
    counter = BlockCounter()
    for page in pages:
        counter.add([b.region for b in page.blocks], [b.text for b in page.blocks])
    return counter.template(options)


class BlockCounter:
    """On how many pages each non-blank block appears.

    Keys are counted in numpy per chunk of pages and merged once at the end: a Counter of
    every block of a 100,000-page site would hold millions of Python ints.
    """

    def __init__(self) -> None:
        self.chunks: list[tuple[np.ndarray, np.ndarray]] = []
        self.pending: list[int] = []
        self.pages = 0

    def add(self, regions: list[str], texts: list[str]) -> list[int]:
        """Count one page; returns the key of each of its blocks."""
        keys = block_keys(regions, texts)
        distinct = set(keys)
        for region in set(regions):
            distinct.discard(hash((region, "")))  # blank blocks are nobody's content
        self.pending.extend(distinct)
        self.pages += 1
        if self.pages % _COUNT_CHUNK == 0:
            self._flush()
        return keys

    def merge(self, other: BlockCounter) -> None:
        """Add the counts of another range of pages."""
        other._flush()
        self.chunks.extend(other.chunks)
        self.pages += other.pages

    def _flush(self) -> None:
        keys, counts = np.unique(np.array(self.pending, np.int64), return_counts=True)
        self.chunks.append((keys, counts.astype(np.int32)))
        self.pending = []

    def template(self, options: AnalysisOptions) -> TemplateBlocks:
        """The blocks on enough pages to be template, by the options' threshold.

        Summed one span of the key range at a time: each chunk's keys are sorted, so its
        part of a span is a slice. Summing all at once took ~45 bytes a key on top of the
        chunks (sorted copy, inverse, order, float weights): +336 MB at 100,000 pages, the
        text pass's peak, for a site whose blocks are nearly all on one page each.
        """
        self._flush()
        threshold = template_threshold(self.pages, options)
        bounds = [
            np.concatenate(([0], np.searchsorted(keys, _SPAN_CUTS), [len(keys)]))
            for keys, _ in self.chunks
        ]
        frequent: list[np.ndarray] = [np.zeros(0, np.int64)]
        for span in range(len(_SPAN_CUTS) + 1):
            ranges = [slice(e[span], e[span + 1]) for e in bounds]
            keys = np.concatenate([k[r] for (k, _), r in zip(self.chunks, ranges, strict=True)])
            counts = np.concatenate([c[r] for (_, c), r in zip(self.chunks, ranges, strict=True)])
            unique, where = np.unique(keys, return_inverse=True)
            totals = np.bincount(where, weights=counts, minlength=len(unique))
            frequent.append(unique[totals >= threshold])
        keys = np.concatenate(frequent)
        return TemplateBlocks(frozenset(keys.tolist()), threshold, self.pages)


@dataclass(slots=True)
class ContentKeys:
    """The keys of every page's content-region blocks, kept from the counting pass.

    Eight bytes per block, so the pass that follows needs no second casefold of the text.
    """

    regions: tuple[str, ...]
    keys: array[int] = field(default_factory=lambda: array("q"))
    ends: array[int] = field(default_factory=lambda: array("q"))

    def add(self, blocks: list[list[str]], keys: list[int]) -> None:
        regions = self.regions
        self.keys.extend(
            k
            for b, k in zip(blocks, keys, strict=True)
            if b[0] in regions and b[2] and not b[2].isspace()
        )
        self.ends.append(len(self.keys))

    @property
    def pages(self) -> int:
        return len(self.ends)

    def of_page(self, index: int) -> array[int]:
        """Keys of the ``index``-th page's content blocks, in page order."""
        start = self.ends[index - 1] if index else 0
        return self.keys[start : self.ends[index]]


def own_content(page: PageText, template: TemplateBlocks, options: AnalysisOptions) -> PageContent:
    """Split a page's non-template content-region blocks into headings and body."""
    content = PageContent(
        page.url,
        page.title,
        page.meta_description,
        page.h1,
        indexable=page.indexable,
        canonical=page.canonical,
    )
    regions = options.content_regions
    for block in page.blocks:
        if block.region not in regions or not block.text.strip():
            continue
        if block_key(block.region, block.text) in template.keys:
            continue
        content.own_blocks.append(block)
        if block.tag == "h1":
            continue  # H1s are reported from the page's h1 field
        if block.tag in HEADING_TAGS:
            content.headings.append(block.text)
        else:
            content.body.append(block.text)
    return content


def find_template(data: AuditData, options: AnalysisOptions = DEFAULT_OPTIONS) -> TemplateBlocks:
    """The template blocks of a crawl from one read of its blocks (the text pass finds them too)."""
    counter = BlockCounter()
    for page in read_raw_pages(data.store, data.crawl_id):
        counter.add([b[0] for b in page.blocks], [b[2] for b in page.blocks])
    return counter.template(options)


def iter_page_content(
    data: AuditData,
    template: TemplateBlocks,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    urls: Iterable[str] | None = None,
) -> Iterator[PageContent]:
    """Every HTML page's own content (or only ``urls``'), streamed in URL order."""
    for page in stream_page_texts(data.store, data.crawl_id, urls):
        yield own_content(page, template, options)
