"""The crawl's link graph as integer arrays: a few bytes per link, whatever the site's size.

Node ids follow the order of the pages given (the store's URL order); an edge row lists the
pages a node links to in the order they are first linked on it. A NetworkX graph costs ~250
bytes per page pair, 1.5 GB for a 100,000-page help centre; these arrays ~10 (both ways).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypedDict

import numpy as np

from siteaudit.core.records import Page, Region
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
LINK_REGIONS = 63  # any of the region bits: the edge stands for at least one link
FOLLOWED = 128  # at least one of the links (or a redirect) passes equity: not all nofollow
_RELATED = str(Region.RELATED)


@dataclass(frozen=True, slots=True)
class Adjacency:
    """Rows of node ids (compressed sparse rows), with one mask byte per entry."""

    ptr: np.ndarray  # int64, one more than there are nodes
    ids: np.ndarray  # int32
    masks: np.ndarray  # uint8

    @property
    def size(self) -> int:
        return int(self.ids.size)

    def row(self, node: int) -> np.ndarray:
        return self.ids[self.ptr[node] : self.ptr[node + 1]]

    def row_masks(self, node: int) -> np.ndarray:
        return self.masks[self.ptr[node] : self.ptr[node + 1]]

    def degrees(self) -> np.ndarray:
        return np.diff(self.ptr)

    def sources(self) -> np.ndarray:
        """The row (node id) of every entry."""
        return np.repeat(np.arange(self.ptr.size - 1, dtype=np.int32), self.degrees())

    def chunks(self, size: int = 1 << 22) -> Iterator[tuple[slice, np.ndarray]]:
        """The entries ``size`` at a time: each slice and the rows of its entries, so a pass
        over every link holds a chunk's row ids, not the whole of ``sources``."""
        ptr = self.ptr
        for lo in range(0, self.size, size):
            hi = min(lo + size, self.size)
            first = int(np.searchsorted(ptr, lo, side="right")) - 1
            last = int(np.searchsorted(ptr, hi, side="left"))
            lengths = np.diff(np.clip(ptr[first : last + 1], lo, hi))
            yield slice(lo, hi), np.repeat(np.arange(first, last, dtype=np.int32), lengths)

    def transposed(self) -> Adjacency:
        """Rows of who links to each node, sources in id order."""
        order = np.argsort(self.ids, kind="stable")
        return Adjacency(
            _pointers(np.bincount(self.ids, minlength=self.ptr.size - 1)),
            self.sources()[order],
            self.masks[order],
        )


def _pointers(lengths: np.ndarray) -> np.ndarray:
    ptr = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=ptr[1:])
    return ptr


class _Rows:
    """Rows collected one source at a time, each a {target: mask} in first-linked order."""

    def __init__(self) -> None:
        self.sources, self.starts, self.lengths = array("i"), array("q"), array("q")
        self.ids, self.masks = array("i"), array("B")

    def add(self, node: int, row: dict[int, int]) -> None:
        if row:
            self.sources.append(node)
            self.starts.append(len(self.ids))
            self.lengths.append(len(row))
            self.ids.extend(row)
            self.masks.extend(row.values())

    def build(self, count: int) -> Adjacency:
        sources = np.array(self.sources, dtype=np.int64)
        starts = np.array(self.starts, dtype=np.int64)
        lengths = np.array(self.lengths, dtype=np.int64)
        ids = np.array(self.ids, dtype=np.int32)
        masks = np.array(self.masks, dtype=np.uint8)
        self.ids, self.masks = array("i"), array("B")  # free the copies as we go
        per_node = np.zeros(count, dtype=np.int64)
        per_node[sources] = lengths
        ptr = _pointers(per_node)
        if sources.size > 1 and np.any(np.diff(sources) <= 0):
            # rows came out of node order (redirect-only rows, or pages not in URL order)
            order = np.argsort(sources, kind="stable")
            moved = np.repeat(starts[order] - ptr[sources[order]], lengths[order])
            positions = moved + np.arange(ids.size)
            ids, masks = ids[positions], masks[positions]
        return Adjacency(ptr, ids, masks)


class NodeAttributes(TypedDict):
    """A node's attributes as ``LinkGraph.attributes`` gives them."""

    status: int
    indexable: bool
    canonical: str
    depth: int | None  # None: not reached from the start pages
    title: str
    section: str


@dataclass(slots=True)
class LinkGraph:
    """Pages as node ids with their attributes; links, inbound links and related lists."""

    urls: list[str]
    index: dict[str, int]
    status: np.ndarray  # int32
    indexable: np.ndarray  # bool
    canonical: list[str]
    title: list[str]
    section: list[str]
    out: Adjacency  # masks: REGION_BITS | REDIRECT_BIT | FOLLOWED
    inbound: Adjacency
    related: Adjacency  # related-article links, without self-links (masks unused)
    entries: np.ndarray  # int32: related-list entries per page, self-links included
    depth: np.ndarray  # int32 clicks from the start, -1 when no click path reaches the page
    parent: np.ndarray  # int32 node before it on a shortest click path, -1 for none
    outside_inlinks: dict[str, int]  # pages linking to each URL, for links that are no edge

    def __len__(self) -> int:
        return len(self.urls)

    def __contains__(self, url: object) -> bool:
        return url in self.index

    def attributes(self, node: int) -> NodeAttributes:
        """The node's attributes as the NetworkX export and the crawl map show them."""
        depth = int(self.depth[node])
        return {
            "status": int(self.status[node]),
            "indexable": bool(self.indexable[node]),
            "canonical": self.canonical[node],
            "depth": None if depth < 0 else depth,
            "title": self.title[node],
            "section": self.section[node],
        }

    def click_depth(self, url: str) -> int | None:
        """Clicks from the start pages by breadth-first search over the stored links (None:
        unreachable or not a page); unlike the crawler's own depth, independent of the order
        in which pages were fetched."""
        node = self.index.get(url)
        depth = -1 if node is None else int(self.depth[node])
        return None if depth < 0 else depth

    def in_degree(self, url: str) -> int:
        """Pages linking to ``url`` (0 for a URL that is not a page of the graph)."""
        node = self.index.get(url)
        return 0 if node is None else int(self.inbound.ptr[node + 1] - self.inbound.ptr[node])

    def inlinks(self) -> InlinkCounts:
        """For each <a> link target: how many other pages link to it (Store.inbound_sources)."""
        counts = np.zeros(len(self), np.int64)
        out = self.out
        for part, _ in out.chunks():
            # edges with a region bit come from links (a bare redirect hop has none)
            from_links = out.ids[part][(out.masks[part] & LINK_REGIONS) != 0]
            counts += np.bincount(from_links, minlength=len(self))
        return InlinkCounts(self, counts)

    def url_rank(self) -> np.ndarray:
        """Each node's position in URL order (ids follow the given pages' order)."""
        rank = np.empty(len(self.urls), dtype=np.int64)
        rank[sorted(range(len(self.urls)), key=self.urls.__getitem__)] = np.arange(len(self.urls))
        return rank


def load_link_graph(
    store: Store,
    crawl_id: int,
    pages: Mapping[str, Page],
    starts: Iterable[str],
    indexable: Mapping[str, bool],
    section: Mapping[str, str],
) -> LinkGraph:
    """Nodes from the crawl's pages (resource type "page"), edges from its stored <a> links."""
    nodes = [p for p in pages.values() if p.resource_type == "page"]
    urls = [p.url for p in nodes]
    index = {url: i for i, url in enumerate(urls)}
    count = len(urls)
    out_rows, related_rows = _Rows(), _Rows()
    entries = [0] * count
    redirects = {i: index[p.location] for i, p in enumerate(nodes) if p.location in index}

    def flush(node: int | None, out: dict[int, int], related: dict[int, int]) -> None:
        if node is None:
            return
        target = redirects.pop(node, None)
        if target is not None:
            # a redirect passes equity whatever the links to it say (even back to itself)
            out[target] = out.get(target, 0) | REDIRECT_BIT | FOLLOWED
        out_rows.add(node, out)
        related_rows.add(node, related)

    # <a> links not between two pages of the graph (to external URLs, files...): distinct
    # linking pages per target, counted here so the report need not read every link again
    outside: dict[str, int] = {}
    last_source: dict[str, str] = {}
    source: str | None = None
    node: int | None = None
    out: dict[int, int] = {}
    related: dict[int, int] = {}
    main_bit = REGION_BITS[Region.MAIN]
    for link_source, target, region, nofollow in store.link_edges(crawl_id):
        if link_source != source:
            flush(node, out, related)
            source, node, out, related = link_source, index.get(link_source), {}, {}
        other = index.get(target)
        if node is None or other is None:
            if target != link_source and last_source.get(target) != link_source:
                last_source[target] = link_source
                outside[target] = outside.get(target, 0) + 1
            continue
        if other == node:  # self-links carry no equity or reachability
            if region == _RELATED:
                entries[node] += 1
            continue
        if region == _RELATED:
            entries[node] += 1
            related[other] = 0
        bits = REGION_BITS.get(region, main_bit) | (0 if nofollow else FOLLOWED)
        out[other] = out.get(other, 0) | bits
    flush(node, out, related)
    for page_id, target_id in sorted(redirects.items()):  # redirecting pages without links
        out_rows.add(page_id, {target_id: REDIRECT_BIT | FOLLOWED})
    out_graph = out_rows.build(count)
    related_graph = related_rows.build(count)
    start_ids = list(dict.fromkeys(index[u] for u in starts if u in index))
    depth, parent = _click_depths(out_graph, start_ids, count)
    return LinkGraph(
        urls,
        index,
        np.fromiter((p.status for p in nodes), np.int32, count),
        np.fromiter((indexable[p.url] for p in nodes), bool, count),
        [p.canonical or "" for p in nodes],
        [p.title or "" for p in nodes],
        [section[p.url] for p in nodes],
        out_graph,
        out_graph.transposed(),
        related_graph,
        np.array(entries, dtype=np.int32),
        depth,
        parent,
        outside,
    )


def _click_depths(out: Adjacency, starts: list[int], count: int) -> tuple[np.ndarray, np.ndarray]:
    """Breadth-first from the start pages, a layer at a time; the first page of a layer
    (in layer order, then link order) to link to a node becomes its parent."""
    depth = np.full(count, -1, dtype=np.int32)
    parent = np.full(count, -1, dtype=np.int32)
    seen = np.zeros(count, dtype=bool)
    layer = np.asarray(starts, dtype=np.int32)
    seen[layer] = True
    level = 0
    while layer.size:
        depth[layer] = level
        begin, end = out.ptr[layer], out.ptr[layer + 1]
        lengths = end - begin
        # positions of every layer node's row entries, rows in layer order
        offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
        targets = out.ids[offsets + np.arange(int(lengths.sum()))]
        sources = np.repeat(layer, lengths)
        fresh = ~seen[targets]
        targets, sources = targets[fresh], sources[fresh]
        _, first = np.unique(targets, return_index=True)
        first.sort()
        layer = targets[first]
        parent[layer] = sources[first]
        seen[layer] = True
        level += 1
    return depth, parent


class InlinkCounts(Mapping[str, int]):
    """LinkGraph.inlinks: a count per node and the links that are no edge, looked up by URL
    (a dict of every linked URL took ~130 bytes a URL at once)."""

    def __init__(self, graph: LinkGraph, counts: np.ndarray) -> None:
        self._graph = graph
        self._counts = counts

    def __getitem__(self, url: str) -> int:
        node = self._graph.index.get(url)
        found = int(self._counts[node]) if node is not None else 0
        found += self._graph.outside_inlinks.get(url, 0)
        if not found:
            raise KeyError(url)
        return found

    def __iter__(self) -> Iterator[str]:
        urls, outside = self._graph.urls, self._graph.outside_inlinks
        linked = np.flatnonzero(self._counts).tolist()
        yield from (urls[node] for node in linked)
        counted = {urls[node] for node in linked}
        yield from (url for url, n in outside.items() if n and url not in counted)

    def __len__(self) -> int:
        return sum(1 for _ in self)
