"""The text pass over one range of pages: all of a crawl's pages, or one worker's share.

Per page: the template blocks are dropped, the texts are split into tokens once, and from
the same token ids the pass counts candidate term spellings, hashes the words (digest for
exact copies, MinHash signature for near ones), counts the words for thin content and
counts the main text's similarity terms (TF-IDF for the graph checks).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.glossary import Glossary
from siteaudit.analysis.shingles import (
    BINS,
    StockShingles,
    sample_counts,
    shingle_hashes,
    signature,
)
from siteaudit.analysis.template_blocks import (
    BlockCounter,
    ContentKeys,
    RawPage,
    TemplateBlocks,
    block_keys,
    read_raw_pages,
)
from siteaudit.analysis.term_discovery import (
    TermCounts,
    is_candidate_pair,
    language,
    located_spans,
)
from siteaudit.analysis.term_matcher import TermMatcher
from siteaudit.analysis.word_table import SEPARATOR, TokenTable

from siteaudit.store import Store

_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_HEADLINES = frozenset({"title", "h1"})
_MAIN = "main"  # Region.MAIN as stored
MIN_EXACT_WORDS = 10
DIGEST_SIZE = 16  # bytes of a page's own-words digest (exact duplicates)
# A page whose 4-word shingles are nearly all stock text has too few of its own to be told
# apart from any other such page: it is left out of the near-duplicate index.
_MIN_OWN_SHINGLES = 25
# A range this small is sampled whole (see stock_text): its pages are read and split into
# tokens once, by the block count and the sample, and the scan reuses them. Bounded by
# pages and by characters of text, so memory stays flat on large sites.
_KEEP_PAGES = 1000
_KEEP_CHARS = 64_000_000


@dataclass(frozen=True, slots=True)
class ThinPage:
    """An indexable page with few words of its own."""

    url: str
    words: int
    snippet: str | None


_MAX_TERM_COUNT = np.iinfo(np.uint16).max


@dataclass(slots=True)
class TermRows:
    """Each page's similarity terms and their counts, as CSR arrays (for analysis.graph).

    Held for the whole site until the graph analysis (~140 distinct terms a page): 6 bytes
    a (page, term) pair, a 32-bit key (analysis.text.term_key) and a 16-bit count (a count
    past 65,535 changes a log-scaled weight by nothing visible).
    """

    urls: list[str] = field(default_factory=list)
    lengths: array[int] = field(default_factory=lambda: array("i"))
    keys: list[np.ndarray] = field(default_factory=list)  # per page, sorted unique keys
    counts: list[np.ndarray] = field(default_factory=list)

    def add(self, url: str, keys: np.ndarray) -> None:
        unique, counts = np.unique(keys.astype(np.uint32, copy=False), return_counts=True)
        self.urls.append(url)
        self.lengths.append(len(unique))
        self.keys.append(unique)
        self.counts.append(np.minimum(counts, _MAX_TERM_COUNT).astype(np.uint16))

    def packed(self) -> TermRows:
        """The same rows with one keys and one counts array: cheap to pickle and merge."""
        keys = np.concatenate(self.keys) if self.keys else np.zeros(0, np.uint32)
        counts = np.concatenate(self.counts) if self.counts else np.zeros(0, np.uint16)
        return TermRows(self.urls, self.lengths, [keys], [counts])

    def extend(self, other: TermRows) -> None:
        self.urls += other.urls
        self.lengths += other.lengths
        self.keys += other.keys
        self.counts += other.counts


class PageForms(Mapping[str, list[int]]):
    """The term spellings each page uses (ids in its TermCounts), as CSR arrays: the page
    numbers that use any (in ``urls``), where each one's ids end, and the ids: not a dict of
    an array a page, built in each worker and again in the parent."""

    __slots__ = ("_numbers", "ends", "ids", "pages", "urls")

    def __init__(
        self, urls: Sequence[str], pages: np.ndarray, ends: np.ndarray, ids: np.ndarray
    ) -> None:
        self.urls = urls
        self.pages = pages
        self.ends = ends
        self.ids = ids
        self._numbers: dict[str, int] | None = None

    # One pass over the arrays; Mapping's own items() would look each URL up by key.
    def items(self) -> Iterator[tuple[str, list[int]]]:  # type: ignore[override]
        starts = np.concatenate(([0], self.ends[:-1])) if len(self.ends) else self.ends
        ids = self.ids
        for page, start, end in zip(
            self.pages.tolist(), starts.tolist(), self.ends.tolist(), strict=True
        ):
            yield self.urls[page], ids[start:end].tolist()

    def __getitem__(self, url: str) -> list[int]:
        if self._numbers is None:  # tests and single look-ups only
            self._numbers = {self.urls[p]: i for i, p in enumerate(self.pages.tolist())}
        row = self._numbers[url]
        start = int(self.ends[row - 1]) if row else 0
        return self.ids[start : int(self.ends[row])].tolist()  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return (self.urls[p] for p in self.pages.tolist())

    def __len__(self) -> int:
        return len(self.pages)


@dataclass(slots=True)
class FormRows:
    """A range's PageForms as it is built: page numbers in the range, id counts, ids."""

    pages: array[int] = field(default_factory=lambda: array("i"))
    lengths: array[int] = field(default_factory=lambda: array("i"))
    ids: array[int] = field(default_factory=lambda: array("i"))


@dataclass(slots=True)
class ScanPart:
    """What the pass learnt from one range of pages, ready to be merged in page order.

    Pages are named by their number in the range (``terms.urls``, every page the range
    scanned): the URLs travel from a worker once.
    """

    counts: TermCounts
    forms: FormRows
    glossary_pages: set[str]
    digests: bytes  # 16 bytes a page of enough own words: its own words' digest
    digest_pages: array[int]  # the page of each digest, in page order
    indexed: array[int]  # pages with a signature, in page order
    signatures: np.ndarray
    thin: list[ThinPage]
    terms: TermRows


@dataclass(slots=True)
class OwnPage:
    """A page's texts in the order the term check reads them, its own blocks last."""

    raw: RawPage
    heads: list[tuple[str, str]]  # (element, text): title, meta description, H1s
    own: list[list[Any]]  # [region, tag, text(, code ranges)] of the own blocks, page order

    @property
    def main_text(self) -> str:
        return "\n".join(b[2] for b in self.own)

    @property
    def competing(self) -> bool:
        """Indexable and not pointing search engines at another page."""
        canonical = self.raw.canonical
        return self.raw.indexable and not (canonical and canonical != self.raw.url)


def own_page(
    raw: RawPage,
    template: TemplateBlocks,
    options: AnalysisOptions,
    keys: Sequence[int] | None = None,
) -> OwnPage:
    """The page's own blocks (content regions, template removed) and its head texts.

    ``keys``: the content blocks' keys if the counting pass kept them.
    """
    regions = options.content_regions
    content = [b for b in raw.blocks if b[0] in regions and b[2] and not b[2].isspace()]
    if keys is None or len(keys) != len(content):
        keys = block_keys([b[0] for b in content], [b[2] for b in content])
    template_keys = template.keys
    own = [b for b, key in zip(content, keys, strict=True) if key not in template_keys]
    heads: list[tuple[str, str]] = []
    if raw.title:
        heads.append(("title", raw.title))
    if raw.meta_description:
        heads.append(("meta-description", raw.meta_description))
    heads += [("h1", h1) for h1 in raw.h1]
    return OwnPage(raw, heads, own)


# A page of at least this many own blocks, nearly all of them a few words long, lists names
# (a generated index, contents or sitemap page) rather than writing about them.
_LIST_PAGE_BLOCKS = 40
_LIST_ITEM_WORDS = 5
_LIST_SHARE = 0.8


def is_link_list(page: OwnPage) -> bool:
    """True for index, contents and sitemap pages: a long list of short items."""
    own = page.own
    if len(own) < _LIST_PAGE_BLOCKS:
        return False
    short = sum(1 for b in own if b[2].count(" ") < _LIST_ITEM_WORDS)
    return short >= _LIST_SHARE * len(own)


def term_order(page: OwnPage, indices: Iterable[int]) -> list[tuple[int, str]]:
    """(text index, element) of ``indices`` in ``terms.page_texts`` order: heads, headings,
    body; own H1 blocks are left out (the H1s are read from the page's h1 field)."""
    heads = len(page.heads)
    keyed = []
    for index in indices:
        if index < heads:
            keyed.append(((0, index), index, page.heads[index][0]))
            continue
        tag = page.own[index - heads][1]
        if tag in _HEADING_TAGS:
            keyed.append(((1, index), index, "heading"))
        elif tag != "h1":
            keyed.append(((2, index), index, "body"))
    keyed.sort()
    return [(index, element) for _, index, element in keyed]


@dataclass(slots=True)
class PageTokens:
    """A page's texts (heads, then own blocks) and their token ids, separators between."""

    page: OwnPage
    texts: list[str]
    ids: np.ndarray
    separators: np.ndarray  # token positions between texts
    generation: int  # the token table's generation the ids belong to

    def own_ids(self) -> np.ndarray:
        """The tokens of the own blocks (they follow the heads)."""
        heads = len(self.page.heads)
        if not self.page.own:
            return self.ids[:0]
        return self.ids[int(self.separators[heads - 1]) + 1 :] if heads else self.ids


def page_tokens(table: TokenTable, page: OwnPage) -> PageTokens:
    """Split a page's texts into tokens."""
    texts = [t for _, t in page.heads] + [b[2] for b in page.own]
    ids = table.token_ids(texts)
    separators = np.flatnonzero(ids == 0)
    if len(separators) != len(texts) - 1:  # a text holds the separator character
        texts = [t.replace(SEPARATOR, "\ufffd") for t in texts]
        ids = table.token_ids(texts)
        separators = np.flatnonzero(ids == 0)
    return PageTokens(page, texts, ids, separators, table.generation)


@dataclass(slots=True)
class PageScanner:
    """Accumulates the per-family results page by page."""

    options: AnalysisOptions
    glossary: Glossary | None
    stock: StockShingles
    capacity: int
    table: TokenTable = field(default_factory=TokenTable)
    counts: TermCounts = field(default_factory=TermCounts)
    forms: FormRows = field(default_factory=FormRows)
    glossary_pages: set[str] = field(default_factory=set)
    digests: bytearray = field(default_factory=bytearray)
    digest_pages: array[int] = field(default_factory=lambda: array("i"))
    first_of: set[bytes] = field(default_factory=set)  # the digests seen in this range
    indexed: array[int] = field(default_factory=lambda: array("i"))
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, BINS), np.uint32))
    thin: list[ThinPage] = field(default_factory=list)
    terms: TermRows = field(default_factory=TermRows)
    probe: TermMatcher | None = None  # finds glossary variants

    def __post_init__(self) -> None:
        self.signatures = np.zeros((self.capacity, BINS), np.uint32)
        if self.glossary is not None:
            self.probe = TermMatcher([], self.glossary)

    def add(self, page: OwnPage) -> None:
        """Count, hash and index one page."""
        self.add_tokens(page_tokens(self.table, page))

    def add_tokens(self, tokens: PageTokens) -> None:
        """Count, hash and index one page already split into tokens (by this table)."""
        page, texts, ids, separators = tokens.page, tokens.texts, tokens.ids, tokens.separators
        self._count_terms(page, texts, ids, separators)
        own = tokens.own_ids()
        heads = len(page.heads)
        if page.competing:
            self._index_words(page, self.table.word_hashes(own))
        # Text similarity (graph checks) reads the main region's own text: the tokens of
        # those texts (separators between texts have no terms).
        main = [heads + i for i, b in enumerate(page.own) if b[0] == _MAIN]
        if len(main) != len(page.own):
            is_main = np.zeros(len(texts), np.bool_)
            is_main[main] = True
            own = ids[is_main[np.cumsum(ids == 0)]]  # a token's text: separators before it
        self.terms.add(page.raw.url, self.table.term_keys(own))

    def _count_terms(
        self, page: OwnPage, texts: list[str], ids: np.ndarray, separators: np.ndarray
    ) -> None:
        table = self.table
        words: dict[int, set[str]] = defaultdict(set)
        at = np.flatnonzero(table.has_candidate[ids])
        if len(at):
            texts_at = np.searchsorted(separators, at).tolist()  # text index of each token
            for index, token in set(zip(texts_at, ids[at].tolist(), strict=True)):
                words[index].update(table.candidates[token])
        pairs: dict[int, set[tuple[str, str]]] = defaultdict(set)
        at = np.flatnonzero(table.pair_left[ids[:-1]] & table.pair_right[ids[1:]])
        if len(at):
            texts_at = np.searchsorted(separators, at).tolist()
            edges = zip(texts_at, ids[at].tolist(), ids[at + 1].tolist(), strict=True)
            for index, left, right in set(edges):
                first, second = table.last_word[left], table.first_word[right]
                if is_candidate_pair(first, second):
                    pairs[index].add((first, second))
        if is_link_list(page):
            return  # an index, contents or sitemap page: names listed, not written about
        found: set[int] = set()
        heads = len(page.heads)
        lang = language(page.raw.lang)
        for index, element in term_order(page, words.keys() | pairs.keys()):
            spans = located_spans(texts[index], words.get(index, ()), pairs.get(index, ()))
            block = page.own[index - heads] if index >= heads else None
            found |= self.counts.add_spans(
                texts[index],
                spans,
                headline=element in _HEADLINES,
                prose=element == "body",
                code=block[3] if block is not None and len(block) > 3 else None,
                lang=lang,
            )
        if found:
            self.forms.pages.append(len(self.terms.urls))  # this page's number
            self.forms.lengths.append(len(found))
            self.forms.ids.extend(sorted(found))
        if self.probe is not None:
            for index, _ in term_order(page, range(len(texts))):
                if self.probe.variants(texts[index]):
                    self.glossary_pages.add(page.raw.url)
                    break

    def _index_words(self, page: OwnPage, words: np.ndarray) -> None:
        url = page.raw.url
        if len(words) < self.options.thin_content_words:
            self.thin.append(ThinPage(url, len(words), page.main_text[:200] or None))
        if len(words) < MIN_EXACT_WORDS:
            return
        digest = hashlib.blake2b(words.tobytes(), digest_size=DIGEST_SIZE).digest()
        number = len(self.terms.urls)  # this page's number in the range
        self.digests += digest
        self.digest_pages.append(number)
        if digest in self.first_of:
            return  # a copy of a page before it: reported as one, not indexed
        self.first_of.add(digest)
        if len(words) < self.options.near_duplicate_min_words:
            return
        shingles = shingle_hashes(words)
        rare = self.stock.remove_from(shingles)
        if len(rare) < min(_MIN_OWN_SHINGLES, len(shingles) // 2):
            return  # nearly all stock text: its few own shingles would pair it at random
        sig = signature(rare)
        if sig is not None:
            if len(self.indexed) == len(self.signatures):  # more pages than counted
                self.signatures = np.resize(self.signatures, (2 * len(self.indexed) + 1, BINS))
            self.signatures[len(self.indexed)] = sig
            self.indexed.append(number)

    def part(self) -> ScanPart:
        """The results so far."""
        return ScanPart(
            self.counts,
            self.forms,
            self.glossary_pages,
            bytes(self.digests),
            self.digest_pages,
            self.indexed,
            self.signatures[: len(self.indexed)].copy(),
            self.thin,
            self.terms.packed(),
        )


class RangeScan:
    """The three steps of the pass over a range of pages (``urls``, or all pages).

    Steps: count the blocks (template detection), sample shingles (stock detection), scan.
    """

    def __init__(
        self,
        store: Store,
        crawl_id: int,
        urls: list[str] | None,
        options: AnalysisOptions,
        glossary: Glossary | None,
    ) -> None:
        self.store = store
        self.crawl_id = crawl_id
        self.urls = urls
        self.options = options
        self.glossary = glossary
        self.table = TokenTable()
        self.content_keys: ContentKeys | None = None
        self.pages = 0
        self.kept: list[RawPage] | None = None  # a small range's pages, read once
        self.split: list[PageTokens] | None = None  # ...and split into tokens by the sample

    def count_blocks(self) -> BlockCounter:
        """Block counts of the range; the content blocks' keys are kept for the scan."""
        counter = BlockCounter()
        self.content_keys = ContentKeys(self.options.content_regions)
        kept: list[RawPage] | None = []
        chars = 0
        for raw in read_raw_pages(self.store, self.crawl_id, self.urls):
            keys = counter.add([b[0] for b in raw.blocks], [b[2] for b in raw.blocks])
            self.content_keys.add(raw.blocks, keys)
            if kept is not None:
                kept.append(raw)
                chars += sum(len(b[2]) for b in raw.blocks)
                if len(kept) > _KEEP_PAGES or chars > _KEEP_CHARS:
                    kept = None
        self.pages = counter.pages
        self.kept = kept
        return counter

    def sample(self, template: TemplateBlocks, urls: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Shingles of the sampled pages ``urls`` and on how many of them each appears."""
        kept, self.kept = self.kept, None
        if kept is not None and [raw.url for raw in kept] == urls:
            self.split = [page_tokens(self.table, page) for page in self._own_pages(kept, template)]
            shingles = [shingle_hashes(self.table.word_hashes(t.own_ids())) for t in self.split]
            return sample_counts(shingles)
        samples = []
        for raw in read_raw_pages(self.store, self.crawl_id, urls):
            own = own_page(raw, template, self.options).own
            words = self.table.word_hashes(self.table.token_ids([b[2] for b in own]))
            samples.append(shingle_hashes(words))
        return sample_counts(samples)

    def scan(self, template: TemplateBlocks, stock: StockShingles) -> ScanPart:
        """The pass proper over the range."""
        capacity = self.pages or template.pages
        scanner = PageScanner(self.options, self.glossary, stock, capacity, self.table)
        split, self.split = self.split, None
        if split is not None:
            for tokens in split:
                if tokens.generation != self.table.generation:  # the table started afresh
                    tokens = page_tokens(self.table, tokens.page)
                scanner.add_tokens(tokens)
            return scanner.part()
        pages = read_raw_pages(self.store, self.crawl_id, self.urls)
        for page in self._own_pages(pages, template):
            scanner.add(page)
        return scanner.part()

    def _own_pages(self, pages: Iterable[RawPage], template: TemplateBlocks) -> Iterator[OwnPage]:
        keys = self.content_keys
        for index, raw in enumerate(pages):
            page_keys = keys.of_page(index) if keys is not None and index < keys.pages else None
            yield own_page(raw, template, self.options, page_keys)
