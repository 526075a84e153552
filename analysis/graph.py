"""The link graph of a stored crawl, and the text similarity of its pages.

Nodes are page URLs with ``status``, ``indexable``, ``canonical``, ``depth``, ``title`` and
``section``. Edges are ``<a>`` links and redirect hops. The checks work on ``LinkGraph``
(link_graph.py): integer arrays in which several links from one page to another collapse
into one edge with a bitmask of the regions they sit in (``r``), and a flag for whether any
of them is followed, so PageRank passes no equity through an all-nofollow edge.
``SiteGraph.links`` and ``.related`` offer the same graph as NetworkX graphs (an edge's data
is ``{"r": mask}``, plus ``"w": 0`` when nofollow) for small sites, exports and tests.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from urllib.parse import urlsplit

import networkx as nx
import numpy as np
from scipy import sparse
from siteaudit.analysis.link_graph import (
    FOLLOWED,
    REDIRECT_BIT,
    REGION_BITS,
    LinkGraph,
    load_link_graph,
)
from siteaudit.analysis.page_scan import TermRows
from siteaudit.analysis.text import term_keys

from siteaudit.core.records import Page, Region
from siteaudit.store import Store

__all__ = [
    "CONTENT_BITS",
    "MAIN_BIT",
    "NAVIGATION_BITS",
    "REDIRECT_BIT",
    "REGION_BITS",
    "LinkGraph",
    "SiteGraph",
    "TextSimilarity",
    "build_site_graph",
    "is_indexable",
    "link_scores",
    "regions_of",
    "section_of",
]

MAIN_BIT = REGION_BITS[Region.MAIN]
NAVIGATION_BITS = REGION_BITS[Region.NAV] | REGION_BITS[Region.HEADER] | REGION_BITS[Region.FOOTER]
# Links a reader follows from the body of a page: the text and its related-articles list.
CONTENT_BITS = REGION_BITS[Region.MAIN] | REGION_BITS[Region.RELATED]


def regions_of(mask: int) -> list[str]:
    """Region names (and "redirect") held in an edge's bitmask."""
    names = [name for name, bit in REGION_BITS.items() if mask & bit]
    if mask & REDIRECT_BIT:
        names.append("redirect")
    return names


def section_of(url: str) -> str:
    """The first one or two folders of a URL's path: '/faq/sea/' for /faq/sea/x.html."""
    folders = [s for s in urlsplit(url).path.split("/")[:-1] if s]
    return "/" + "".join(f"{s}/" for s in folders[:2])


def is_indexable(page: Page) -> bool:
    """A 200 HTML page that search engines may index as itself (no noindex, self-canonical)."""
    return (
        page.status == 200
        and page.is_html
        and not page.noindex
        and (not page.canonical or page.canonical == page.url)
    )


class SiteGraph:
    """The crawl's link graph, its related-articles view and where the crawl started."""

    def __init__(self, graph: LinkGraph, start_urls: list[str]) -> None:
        self.graph = graph
        self.start_urls = start_urls

    @cached_property
    def related_entries(self) -> Counter[str]:
        """Related-list entries per page (self-links included)."""
        urls, entries = self.graph.urls, self.graph.entries
        return Counter({urls[i]: int(entries[i]) for i in np.flatnonzero(entries)})

    def click_path(self, url: str) -> list[str]:
        """The shortest click path from a start URL to ``url`` (empty when unreachable)."""
        graph = self.graph
        node = graph.index.get(url)
        if node is None or graph.depth[node] < 0:
            return []
        path: list[str] = []
        while node >= 0:
            path.append(graph.urls[node])
            node = int(graph.parent[node])
        return path[::-1]

    def node_depths(self) -> dict[str, int]:
        """The click depth of every node that clicks from the start can reach."""
        graph = self.graph
        return {graph.urls[i]: int(graph.depth[i]) for i in np.flatnonzero(graph.depth >= 0)}

    @cached_property
    def links(self) -> nx.DiGraph:
        """The link graph as NetworkX (for exports, small sites and tests: ~250 B per edge)."""
        graph = self.graph
        result = nx.DiGraph()
        result.add_nodes_from((url, graph.attributes(i)) for i, url in enumerate(graph.urls))
        shared: dict[int, dict[str, int]] = {}
        for i in range(len(graph.urls)):
            for target, mask in zip(graph.out.row(i), graph.out.row_masks(i), strict=True):
                data = shared.get(int(mask))
                if data is None:
                    kept = int(mask) & ~FOLLOWED
                    data = {"r": kept} if mask & FOLLOWED else {"r": kept, "w": 0}
                    shared[int(mask)] = data
                result.add_edge(graph.urls[i], graph.urls[int(target)], **data)
        return result

    @cached_property
    def related(self) -> nx.DiGraph:
        """Related-article links as a NetworkX graph, sources in URL order."""
        graph = self.graph
        result = nx.DiGraph()
        for i in np.argsort(graph.url_rank()):
            for target in graph.related.row(int(i)):
                result.add_edge(graph.urls[int(i)], graph.urls[int(target)])
        return result


def build_site_graph(
    store: Store, crawl_id: int, pages: Mapping[str, Page], start_urls: Iterable[str] = ()
) -> SiteGraph:
    """The analysis graph of one crawl: nodes from ``pages``, edges from the stored links."""
    nodes = {url: p for url, p in pages.items() if p.resource_type == "page"}
    starts = [u for u in start_urls if u in nodes]
    starts += [u for u, p in pages.items() if p.found_via == "start" and u in nodes]
    starts = list(dict.fromkeys(starts))
    graph = load_link_graph(
        store,
        crawl_id,
        nodes,
        starts,
        {url: is_indexable(p) for url, p in nodes.items()},
        _sections(nodes),
    )
    return SiteGraph(graph, starts)


def _sections(urls: Iterable[str]) -> dict[str, str]:
    """Each URL's section, one string per distinct section (a site has a few hundred)."""
    held: dict[str, str] = {}
    found: dict[str, str] = {}
    for url in urls:
        section = section_of(url)
        found[url] = held.setdefault(section, section)
    return found


def link_scores(graph: LinkGraph | nx.DiGraph) -> dict[str, float]:
    """PageRank over followed links, rescaled 0-100 on a log scale (best page = 100)."""
    if len(graph) == 0:
        return {}
    if isinstance(graph, LinkGraph):
        urls: list[str] = graph.urls
        ranks: list[float] = _pagerank(graph).tolist()
    else:
        by_url = nx.pagerank(graph, weight="w", max_iter=300)
        urls, ranks = list(by_url), list(by_url.values())
    # Lists in node order, not a dict a step (three dicts of a float a page: ~350 MB at
    # 1,000,000 pages, held at once).
    logs = [math.log(max(rank, 1e-300)) for rank in ranks]
    del ranks
    low, high = min(logs), max(logs)
    if high - low < 1e-12:
        return dict.fromkeys(urls, 100.0)
    # Scores have one decimal: a thousand distinct floats, each held once, not once a page.
    held: dict[float, float] = {}
    return {
        url: held.setdefault(score, score)
        for url, v in zip(urls, logs, strict=True)
        for score in (round(100 * (v - low) / (high - low), 1),)
    }


def _pagerank(
    graph: LinkGraph, alpha: float = 0.85, max_iter: int = 300, tol: float = 1.0e-6
) -> np.ndarray:
    """networkx.pagerank's power iteration (weight 0 for nofollow) on the arrays directly:
    the same matrix values and the same vector operations, so the very same ranks."""
    n = len(graph)
    out = graph.out
    followed = (out.masks & FOLLOWED) != 0
    sources = out.sources()
    # networkx: A (1 per followed edge), S = A.sum(axis=1), S = 1/S where not 0, A = diag(S) @ A.
    # Row sums of ones are exact and S[i] * 1.0 is S[i]: scaling each entry by its row's S
    # gives the same matrix without the sparse product's copies.
    sums = np.bincount(sources, weights=followed, minlength=n).astype(np.float64)
    sums[sums != 0] = 1.0 / sums[sums != 0]
    values = sums[sources]
    values[~followed] = 0.0  # in place: np.where made a second array of 8 bytes a link
    del followed, sources
    index = np.int32 if out.size < 2**31 else np.int64  # no upcast copy of the indices
    matrix = sparse.csr_array(
        (values, out.ids.astype(index, copy=False), out.ptr.astype(index)), shape=(n, n)
    )
    x: np.ndarray = np.repeat(1.0 / n, n)
    p = np.repeat(1.0 / n, n)
    dangling = np.where(sums == 0)[0]
    for _ in range(max_iter):
        last = x
        x = alpha * (x @ matrix + sum(x[dangling]) * p) + (1 - alpha) * p
        if np.absolute(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


class TextSimilarity:
    """Cosine similarity of pages' main-region text, as TF-IDF vectors.

    The one place the graph checks ask "are these two pages about the same thing?". On a
    crawl the vectors come from the shared text pass (``from_term_rows``); the constructor
    takes texts, with the same terms (siteaudit.analysis.text.term_keys).
    """

    def __init__(
        self, texts: Mapping[str, str] | Iterable[tuple[str, str]], max_df: float = 0.5
    ) -> None:
        pairs = texts.items() if isinstance(texts, Mapping) else texts
        self.urls: list[str] = []
        # texts are consumed one at a time, so a site's text is never held in memory whole
        indptr, keys, counts = _term_counts(_texts_noting_urls(pairs, self.urls))
        self.matrix = _tfidf(indptr, [keys], [counts], max_df)
        self.index = {url: i for i, url in enumerate(self.urls)}

    @classmethod
    def from_term_rows(cls, rows: TermRows, urls: set[str], max_df: float = 0.5) -> TextSimilarity:
        """Vectors for ``urls`` from the shared text pass's term counts (own main text)."""
        wanted = np.fromiter((u in urls for u in rows.urls), np.bool_, len(rows.urls))
        lengths = np.frombuffer(rows.lengths, np.int32) if rows.lengths else np.zeros(0, np.int32)
        keys, counts = list(rows.keys), list(rows.counts)  # chunks: one per part of the pass
        if not wanted.all():  # else every pair is kept: no copy of the site's pairs
            pairs = np.repeat(wanted, lengths)
            keys, counts = _select(keys, pairs), _select(counts, pairs)
        indptr = np.concatenate(([0], np.cumsum(lengths[wanted], dtype=np.int64)))
        self = cls.__new__(cls)
        self.urls = [u for u, w in zip(rows.urls, wanted.tolist(), strict=True) if w]
        self.matrix = _tfidf(indptr, keys, counts, max_df)
        self.index = {url: i for i, url in enumerate(self.urls)}
        return self

    @classmethod
    def empty(cls) -> TextSimilarity:
        """No vectors (what a run keeps once its checks have read them)."""
        self = cls.__new__(cls)
        self.urls = []
        self.matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
        self.index = {}
        return self

    def has(self, url: str, min_terms: int = 1) -> bool:
        """True when the page's vector has at least ``min_terms`` terms."""
        i = self.index.get(url)
        return i is not None and self.matrix.indptr[i + 1] - self.matrix.indptr[i] >= min_terms

    def pairs(self, pairs: list[tuple[str, str]], min_terms: int = 1) -> list[float | None]:
        """Similarity of each (a, b); None when either page has too little text to judge."""
        rows = np.array([[self.index.get(a, -1), self.index.get(b, -1)] for a, b in pairs])
        rows = rows.reshape(-1, 2)
        values = self.row_pairs(rows[:, 0], rows[:, 1], min_terms)
        return [None if math.isnan(v) else v for v in values.tolist()]

    def row_pairs(self, a: np.ndarray, b: np.ndarray, min_terms: int = 1) -> np.ndarray:
        """Similarity of matrix rows a[i] and b[i]; NaN when either row is -1 (no such page)
        or has fewer than ``min_terms`` terms."""
        terms = np.diff(self.matrix.indptr)
        ok = (a >= 0) & (b >= 0)
        ok[ok] = (terms[a[ok]] >= min_terms) & (terms[b[ok]] >= min_terms)
        values = np.full(a.shape, np.nan)
        values[ok] = _row_dots(self.matrix, a[ok], b[ok])
        return values

    def most_similar(
        self, urls: list[str], limit: int, exclude: dict[str, set[str]], batch: int = 64
    ) -> dict[str, list[tuple[str, float]]]:
        """For each URL, the ``limit`` most similar other pages not in ``exclude[url]``."""
        result: dict[str, list[tuple[str, float]]] = {}
        wanted = [u for u in urls if self.has(u)]
        for start in range(0, len(wanted), batch):
            chunk = wanted[start : start + batch]
            scores = (self.matrix[[self.index[u] for u in chunk]] @ self.matrix.T).tocsr()
            for row, url in enumerate(chunk):
                lo, hi = scores.indptr[row], scores.indptr[row + 1]
                cols, vals = scores.indices[lo:hi], scores.data[lo:hi]
                skip = exclude.get(url, set())
                best: list[tuple[str, float]] = []
                top = min(len(vals), limit + len(skip) + 1)
                candidates: np.ndarray | list[int] = (
                    np.argpartition(-vals, top - 1)[:top] if top else []
                )
                for k in sorted(candidates, key=lambda k: (-vals[k], cols[k])):
                    other = self.urls[cols[k]]
                    if other == url or other in skip:
                        continue
                    best.append((other, round(float(vals[k]), 3)))
                    if len(best) == limit:
                        break
                result[url] = best
        return result


def _texts_noting_urls(pairs: Iterable[tuple[str, str]], urls: list[str]) -> Iterator[str]:
    for url, text in pairs:
        urls.append(url)
        yield text


def _term_counts(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR rows (pointers, term keys, counts) of texts; terms as in analysis.text.term_keys."""
    keys_of: dict[str, list[int]] = {}  # a site repeats its words a lot: key each chunk once
    indptr, keys, counts = [0], array("I"), array("i")
    for text in texts:
        row: dict[int, int] = {}
        # Words never span whitespace, so count whitespace-separated chunks in C.
        for chunk, n in Counter(text.split()).items():
            found = keys_of.get(chunk)
            if found is None:
                found = keys_of[chunk] = term_keys(chunk)
            for key in found:
                row[key] = row.get(key, 0) + n
        keys.extend(row)
        counts.extend(row.values())
        indptr.append(len(keys))
    return (
        np.array(indptr, np.int64),
        np.frombuffer(keys, np.uint32) if keys else np.zeros(0, np.uint32),
        np.frombuffer(counts, np.int32) if counts else np.zeros(0, np.int32),
    )


_SEARCH_CHUNK = 1 << 20  # keys looked up at once (8 MB of int64 positions)


def _select(chunks: list[np.ndarray], mask: np.ndarray) -> list[np.ndarray]:
    """The elements of the chunks (read as one array) where ``mask`` is true."""
    selected, start = [], 0
    for chunk in chunks:
        selected.append(chunk[mask[start : start + len(chunk)]])
        start += len(chunk)
    return selected


def _slices(chunks: Sequence[np.ndarray]) -> Iterator[np.ndarray]:
    """The chunks cut into slices of at most _SEARCH_CHUNK elements."""
    for chunk in chunks:
        for start in range(0, len(chunk), _SEARCH_CHUNK):
            yield chunk[start : start + _SEARCH_CHUNK]


def _tfidf(
    indptr: np.ndarray,
    keys: Sequence[np.ndarray],
    counts: Sequence[np.ndarray],
    max_df: float,
) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows; terms in one page only or in most pages are dropped.

    ``keys`` and ``counts``: the (page, term) pairs in page order, in chunks read as one.
    """
    rows = len(indptr) - 1
    # The vocabulary from each slice's distinct keys, and each key's column by a search in
    # slices: np.unique(return_inverse=True) over all pairs takes 16 bytes a pair at once
    # and np.unique alone a sorted copy (8 bytes a pair, ~170 MB at 100,000 pages); this
    # holds 4 bytes a pair.
    vocabulary = np.unique(np.concatenate([np.zeros(0, np.uint32), *map(np.unique, _slices(keys))]))
    columns = np.empty(sum(len(chunk) for chunk in keys), np.int32)
    start = 0
    for part in _slices(keys):
        columns[start : start + len(part)] = np.searchsorted(vocabulary, part)
        start += len(part)
    df = np.bincount(columns, minlength=max(len(vocabulary), 1))
    # On small sites every page shares the site's vocabulary; only prune common terms on big ones.
    upper = max_df * rows if rows >= 20 else rows
    keep = (df >= 2) & (df <= upper)
    idf = np.where(keep, np.log((1 + rows) / (1 + df)) + 1, 0.0).astype(np.float32)
    # Drop the pruned terms before any float is stored: most (page, term) pairs go, and a
    # kept term's weight is never 0 (count >= 1, idf >= 1), so this is eliminate_zeros().
    kept = keep[columns]
    # Each row's kept pairs counted by row, not by a running count over every pair (8 bytes
    # a pair, twice, the step's peak).
    filled = np.diff(indptr) > 0
    per_row = np.zeros(rows, np.int64)
    if filled.any():
        per_row[filled] = np.add.reduceat(kept, indptr[:-1][filled], dtype=np.int64)
    pointers = np.concatenate(([0], np.cumsum(per_row)))
    columns = columns[kept]
    # float32: 7 digits for cosines shown with 3, and 4 bytes a kept pair less
    weights = np.empty(len(columns), np.float32)
    start = taken = 0
    for chunk in counts:
        picked = chunk[kept[start : start + len(chunk)]]
        weights[taken : taken + len(picked)] = picked
        start, taken = start + len(chunk), taken + len(picked)
    del kept
    np.log1p(weights, out=weights)  # in place: the pairs of a large site take memory
    weights *= idf[columns]
    _normalise_rows(weights, pointers)
    return sparse.csr_matrix((weights, columns, pointers), shape=(rows, df.size))


def _normalise_rows(weights: np.ndarray, pointers: np.ndarray) -> None:
    """Scale each CSR row of ``weights`` to unit length, in place, a block of rows at a time.

    matrix.multiply(matrix) for the norms and diags(1 / norms) @ matrix each made a copy of
    every (page, term) pair (~250 MB at 100,000 pages). The sums are np.add.reduceat's, as
    scipy's row sums are.
    """
    rows = len(pointers) - 1
    first = 0
    while first < rows:
        # rows whose entries fit in one block (at least one row)
        last = int(np.searchsorted(pointers, pointers[first] + _SEARCH_CHUNK, side="right")) - 1
        last = min(max(last, first + 1), rows)
        lo, hi = int(pointers[first]), int(pointers[last])
        lengths = np.diff(pointers[first : last + 1])
        block = weights[lo:hi]
        squares = np.zeros(last - first)
        filled = lengths > 0
        if hi > lo:
            starts = pointers[first:last][filled] - lo
            squares[filled] = np.add.reduceat(block * block, starts, dtype=np.float64)
        norms = np.sqrt(squares)
        norms[norms == 0] = 1.0
        block *= np.repeat((1 / norms).astype(np.float32), lengths)
        first = last


def _row_dots(
    matrix: sparse.csr_matrix, a: np.ndarray, b: np.ndarray, chunk: int = 20000
) -> np.ndarray:
    """Dot products of row pairs, in chunks so the gathered rows stay small."""
    parts = [np.zeros(0)]
    for start in range(0, len(a), chunk):
        left = matrix[a[start : start + chunk]]
        right = matrix[b[start : start + chunk]]
        parts.append(np.asarray(left.multiply(right).sum(axis=1)).ravel())
    return np.concatenate(parts)
