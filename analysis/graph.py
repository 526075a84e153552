"""The link graph of a stored crawl, and the text similarity of its pages.

Nodes are page URLs with ``status``, ``indexable``, ``canonical``, ``depth``, ``title`` and
``section``. Edges are ``<a>`` links and redirect hops. To keep millions of edges affordable
an edge carries one small int, ``r``: a bitmask of the regions its links sit in (several links
from one page to another collapse into one edge), plus ``w=0`` when every one of those links
is nofollow, so PageRank (``weight="w"``) passes no equity through it. The full-attribute
graph, one edge per link with its anchor text, is built only for exports (graph_export.py).
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import networkx as nx
import numpy as np
from scipy import sparse

from analysis.text import STOPWORDS, stem
from analysis.text import _TOKEN as WORD_PATTERN  # the tokens() of every other check
from siteaudit.records import Page, Region
from siteaudit.store import Store

REGION_BITS: dict[str, int] = {
    Region.NAV: 1,
    Region.HEADER: 2,
    Region.FOOTER: 4,
    Region.ASIDE: 8,
    Region.RELATED: 16,
    Region.MAIN: 32,
}
REDIRECT_BIT = 64
MAIN_BIT = REGION_BITS[Region.MAIN]
NAVIGATION_BITS = REGION_BITS[Region.NAV] | REGION_BITS[Region.HEADER] | REGION_BITS[Region.FOOTER]
# Links a reader follows from the body of a page: the text and its related-articles list.
CONTENT_BITS = REGION_BITS[Region.MAIN] | REGION_BITS[Region.RELATED]
_FOLLOWED = 128  # only while loading: at least one of the links is not nofollow


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


@dataclass(slots=True)
class SiteGraph:
    """The crawl's link graph, its related-articles view and where the crawl started."""

    links: nx.DiGraph
    related: nx.DiGraph
    start_urls: list[str]
    related_entries: Counter[str] = field(default_factory=Counter)  # list entries per page
    parents: dict[str, str | None] = field(default_factory=dict)  # BFS tree from the start

    def click_path(self, url: str) -> list[str]:
        """The shortest click path from a start URL to ``url`` (empty when unreachable)."""
        if url not in self.parents:
            return []
        path: list[str] = []
        node: str | None = url
        while node is not None:
            path.append(node)
            node = self.parents[node]
        return path[::-1]

    def node_depths(self) -> dict[str, int]:
        """The ``depth`` attribute of every node that clicks from the start can reach."""
        return {url: depth for url, depth in self.links.nodes(data="depth") if depth is not None}


def build_site_graph(
    store: Store, crawl_id: int, pages: dict[str, Page], start_urls: Iterable[str] = ()
) -> SiteGraph:
    """The analysis graph of one crawl: nodes from ``pages``, edges from the stored links."""
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (url, _node_attributes(page)) for url, page in pages.items() if page.resource_type == "page"
    )
    related = nx.DiGraph()
    entries: Counter[str] = Counter()
    source: str | None = None
    out: dict[str, int] = {}
    for link in store.links(crawl_id):
        if link.kind != "a" or link.source not in graph or link.target not in graph:
            continue
        if link.source != source:
            _flush(graph, source, out)
            source, out = link.source, {}
        bit = REGION_BITS.get(link.region, REGION_BITS[Region.MAIN])
        out[link.target] = out.get(link.target, 0) | bit | (0 if link.nofollow else _FOLLOWED)
        if link.region == Region.RELATED:
            entries[link.source] += 1
            if link.target != link.source:
                related.add_edge(link.source, link.target)
    _flush(graph, source, out)
    for url, page in pages.items():
        if page.location and url in graph and page.location in graph:
            data = graph.get_edge_data(url, page.location) or {"r": 0}
            # a redirect passes equity whatever the links to it say
            _set_edge(graph, url, page.location, data["r"] | REDIRECT_BIT | _FOLLOWED)
    starts = [u for u in start_urls if u in graph]
    starts += [u for u, p in pages.items() if p.found_via == "start" and u in graph]
    starts = list(dict.fromkeys(starts))
    parents = _click_depths(graph, starts)
    return SiteGraph(graph, related, starts, entries, parents)


def _click_depths(graph: nx.DiGraph, starts: list[str]) -> dict[str, str | None]:
    """Breadth-first from the start URLs: set each node's ``depth``, return its parent."""
    parents: dict[str, str | None] = dict.fromkeys(starts)
    layer = starts
    depth = 0
    while layer:
        following = []
        for url in layer:
            graph.nodes[url]["depth"] = depth
            for target in graph.succ[url]:
                if target not in parents:
                    parents[target] = url
                    following.append(target)
        layer = following
        depth += 1
    return parents


def _node_attributes(page: Page) -> dict[str, object]:
    return {
        "status": page.status,
        "indexable": is_indexable(page),
        "canonical": page.canonical or "",
        "depth": None,
        "title": page.title or "",
        "section": section_of(page.url),
    }


def _flush(graph: nx.DiGraph, source: str | None, out: dict[str, int]) -> None:
    """Add one page's outgoing edges; self-links carry no equity or reachability."""
    if source is None:
        return
    for target, mask in out.items():
        if target != source:
            _set_edge(graph, source, target, mask)


# One attribute dict per distinct mask, shared by every edge that has it: a dict per edge
# would cost ~180 bytes x 3 million links. So edge attributes are read-only; replace an
# edge's dict (``_set_edge``), never update it in place.
_EDGE_DATA: dict[int, dict[str, int]] = {}


def _set_edge(graph: nx.DiGraph, source: str, target: str, mask: int) -> None:
    data = _EDGE_DATA.get(mask)
    if data is None:
        kept = mask & ~_FOLLOWED
        data = {"r": kept} if mask & _FOLLOWED else {"r": kept, "w": 0}
        _EDGE_DATA[mask] = data
    # NetworkX's own add_edge copies attributes into a new dict; write the adjacency directly
    graph._succ[source][target] = data
    graph._pred[target][source] = data


def link_scores(graph: nx.DiGraph) -> dict[str, float]:
    """PageRank over followed links, rescaled 0-100 on a log scale (best page = 100)."""
    if graph.number_of_nodes() == 0:
        return {}
    ranks = nx.pagerank(graph, weight="w", max_iter=300)
    logs = {url: math.log(max(rank, 1e-300)) for url, rank in ranks.items()}
    low, high = min(logs.values()), max(logs.values())
    if high - low < 1e-12:
        return {url: 100.0 for url in logs}
    return {url: round(100 * (v - low) / (high - low), 1) for url, v in logs.items()}


class TextSimilarity:
    """Cosine similarity of pages' main-region text, as TF-IDF vectors.

    The one place the graph checks ask "are these two pages about the same thing?", so it
    can later use the duplicates work's content fingerprints instead of its own vectors.
    """

    def __init__(
        self, texts: Mapping[str, str] | Iterable[tuple[str, str]], max_df: float = 0.5
    ) -> None:
        pairs = texts.items() if isinstance(texts, Mapping) else texts
        self.urls: list[str] = []
        # texts are consumed one at a time, so a site's text is never held in memory whole
        self.matrix = _tfidf(_texts_noting_urls(pairs, self.urls), max_df)
        self.index = {url: i for i, url in enumerate(self.urls)}

    @classmethod
    def from_store(cls, store: Store, crawl_id: int, urls: set[str]) -> TextSimilarity:
        """Vectors for ``urls`` from their stored main-region text blocks."""
        return cls(
            (url, " ".join(text for region, _, text in json.loads(blocks) if region == Region.MAIN))
            for url, _title, _desc, _h1, blocks, *_rest in store.page_text_rows(crawl_id)
            if url in urls
        )

    def has(self, url: str, min_terms: int = 1) -> bool:
        """True when the page's vector has at least ``min_terms`` terms."""
        i = self.index.get(url)
        return i is not None and self.matrix.indptr[i + 1] - self.matrix.indptr[i] >= min_terms

    def pairs(self, pairs: list[tuple[str, str]], min_terms: int = 1) -> list[float | None]:
        """Similarity of each (a, b); None when either page has too little text to judge."""
        ok = [self.has(a, min_terms) and self.has(b, min_terms) for a, b in pairs]
        known = [
            (self.index[a], self.index[b]) for (a, b), good in zip(pairs, ok, strict=True) if good
        ]
        values = iter(_row_dots(self.matrix, known))
        return [float(next(values)) if good else None for good in ok]

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
                candidates = np.argpartition(-vals, top - 1)[:top] if top else []
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


def _tfidf(texts: Iterable[str], max_df: float) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows; terms in one page only or in most pages are dropped."""
    vocabulary: dict[str, int] = {}
    indptr, indices, counts = [0], array("q"), array("d")
    # A site's distinct spellings are few next to its word count: map each raw token to its
    # term column once (casefold, stopword, digits, stem), then count raw tokens in C.
    columns: dict[str, int] = {}
    for text in texts:
        row: dict[int, int] = {}
        for token, n in Counter(WORD_PATTERN.findall(text)).items():
            column = columns.get(token)
            if column is None:
                folded = token.casefold()
                if folded in STOPWORDS or folded.isdigit():
                    column = -1
                else:
                    column = vocabulary.setdefault(stem(folded), len(vocabulary))
                columns[token] = column
            if column >= 0:
                row[column] = row.get(column, 0) + n
        indices.extend(row)
        counts.extend(row.values())
        indptr.append(len(indices))
    rows = len(indptr) - 1
    shape = (rows, max(len(vocabulary), 1))
    matrix = sparse.csr_matrix(
        (np.asarray(counts, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=shape,
    )
    df = np.bincount(matrix.indices, minlength=shape[1])
    # On small sites every page shares the site's vocabulary; only prune common terms on big ones.
    upper = max_df * rows if rows >= 20 else rows
    keep = (df >= 2) & (df <= upper)
    idf = np.where(keep, np.log((1 + rows) / (1 + df)) + 1, 0.0)
    matrix.data = np.log1p(matrix.data) * idf[matrix.indices]
    matrix.eliminate_zeros()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def _row_dots(
    matrix: sparse.csr_matrix, pairs: list[tuple[int, int]], chunk: int = 20000
) -> np.ndarray:
    """Dot products of row pairs, in chunks so the gathered rows stay small."""
    parts = [np.zeros(0)]
    for start in range(0, len(pairs), chunk):
        part = pairs[start : start + chunk]
        left = matrix[[a for a, _ in part]]
        right = matrix[[b for _, b in part]]
        parts.append(np.asarray(left.multiply(right).sum(axis=1)).ravel())
    return np.concatenate(parts)
