"""The graph analysis the checks, the statistics and the crawl map share (once per run).

Everything per page is an array over the link graph's node ids (link_graph.py), so a
100,000-page site costs array operations, not millions of Python dict lookups.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse import csgraph
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph import (
    MAIN_BIT,
    LinkGraph,
    SiteGraph,
    TextSimilarity,
    build_site_graph,
    link_scores,
)
from siteaudit.analysis.page_scan import TermRows

from siteaudit.core.records import Page


@dataclass(frozen=True, slots=True)
class GraphSettings:
    """Thresholds of the graph checks."""

    max_depth: int = 4  # clicks from the start page
    min_related: int = 3  # working entries a related-articles list should have
    max_related: int = 20  # lists of 13-17 are common on help sites; 20+ is a template dump
    section_related_share: float = 0.5  # most of a section has related lists: so should all
    hub_content_links: int = 10  # pages listing this many links are hubs, linked from nav
    off_topic_similarity: float = 0.03  # TF-IDF cosine below which a recommendation is off-topic
    min_compared_terms: int = 25  # shorter texts share too few words to judge their topic
    weak_score_share: float = 0.25  # lowest quarter of link scores...
    suggestions: int = 5  # ...gets this many suggested linking pages
    max_suggested_pages: int = 1000  # bounds the similarity search on huge sites
    louvain_max_nodes: int = 20000  # above this, communities are only found for the map


@dataclass(slots=True)
class GraphAnalysis:
    """Everything the checks, the statistics and the crawl map need, computed once."""

    site: SiteGraph
    scores: dict[str, float]
    components: list[set[str]]  # weak components of the related graph with 2+ pages
    communities: dict[str, int]  # url -> community number in the related graph
    similarity: TextSimilarity
    articles: set[str]  # 200 HTML pages outside spider traps: the pages checks look at
    hubs: set[str]  # listing pages among them


def analyse_graph(
    data: AuditData, term_rows: TermRows, settings: GraphSettings | None = None
) -> GraphAnalysis:
    """Build the graph and score it (the analysis context keeps it for the run's users).

    ``term_rows``: each page's similarity term counts, from the shared text pass.
    """
    settings = settings or GraphSettings()
    run = data.run
    site = build_site_graph(data.store, run.id, data.pages, run.start_urls)
    graph = site.graph
    articles = _articles(data)
    return GraphAnalysis(
        site,
        link_scores(graph),
        related_components(graph),
        _related_communities(graph, settings.louvain_max_nodes),
        # From the shared text pass: its tokens, template blocks removed, on both cores.
        TextSimilarity.from_term_rows(term_rows, articles),
        articles,
        _hubs(graph, articles, settings),
    )


def related_members(graph: LinkGraph) -> np.ndarray:
    """Which nodes the related graph holds: those recommending or recommended."""
    related = graph.related
    return (related.degrees() > 0) | (np.bincount(related.ids, minlength=len(graph)) > 0)


def related_components(graph: LinkGraph) -> list[set[str]]:
    """Weak components of the related graph (2+ pages each), largest first."""
    related = graph.related
    if related.size == 0:
        return []
    n = len(graph)
    matrix = sparse.csr_array((np.ones(related.size, np.int8), related.ids, related.ptr), (n, n))
    _, labels = csgraph.connected_components(matrix, directed=True, connection="weak")
    members = np.flatnonzero(related_members(graph))
    groups: dict[int, set[str]] = {}
    for node, label in zip(members.tolist(), labels[members].tolist(), strict=True):
        groups.setdefault(label, set()).add(graph.urls[node])
    # without self-links every member has a neighbour, so no component is a single page
    return sorted(groups.values(), key=lambda c: (-len(c), min(c)))


def related_undirected(graph: LinkGraph, nodes: np.ndarray | None = None) -> nx.Graph:
    """The related graph (or its part on ``nodes``) as an undirected NetworkX graph, nodes
    and edges in URL order so layouts and communities come out the same on every run."""
    rank = graph.url_rank()
    chosen = np.flatnonzero(related_members(graph)) if nodes is None else np.asarray(nodes)
    chosen = chosen[np.argsort(rank[chosen])]
    inside = np.zeros(len(graph), dtype=bool)
    inside[chosen] = True
    result = nx.Graph()
    result.add_nodes_from(graph.urls[i] for i in chosen.tolist())
    related, urls = graph.related, graph.urls
    for node in chosen.tolist():
        targets = related.row(node)
        targets = targets[inside[targets]]
        result.add_edges_from((urls[node], urls[t]) for t in targets[np.argsort(rank[targets])])
    return result


def _related_communities(graph: LinkGraph, max_nodes: int) -> dict[str, int]:
    if graph.related.size == 0 or int(related_members(graph).sum()) > max_nodes:
        return {}  # checked before building the NetworkX graph: that is what costs
    communities = find_communities(related_undirected(graph), max_nodes)
    # NetworkX graphs and Louvain's working graphs hold reference cycles (cached degree
    # views point back at their graph): ~90 MB at 10,000 pages that only a full collection
    # frees, and the generational collector would keep until the end of the analysis.
    gc.collect()
    return communities


def find_communities(related: nx.Graph, max_nodes: int) -> dict[str, int]:
    """Louvain communities of the related graph (largest first); {} when it is too big."""
    if related.number_of_edges() == 0 or related.number_of_nodes() > max_nodes:
        # Louvain (and even label propagation) takes minutes on 100,000 pages in pure
        # Python; the crawl map then finds communities among the pages it draws.
        return {}
    found = nx.community.louvain_communities(related, seed=1)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {url: n for n, members in enumerate(ordered) for url in members}


def is_article(page: Page) -> bool:
    """A page the checks look at: a 200 HTML page."""
    return page.status == 200 and page.is_html and page.resource_type == "page"


def _articles(data: AuditData) -> set[str]:
    """Pages worth auditing: 200 HTML, not generated by a spider trap the crawler stopped."""
    query_traps = {e.url for e in data.events if e.kind == "query-trap"}
    path_traps = tuple(e.url for e in data.events if e.kind == "path-trap")
    return {
        url
        for url, page in data.pages.items()
        if is_article(page)
        and url.split("?", 1)[0] not in query_traps
        and not (path_traps and url.startswith(path_traps))
    }


def node_mask(graph: LinkGraph, urls: set[str]) -> np.ndarray:
    """A boolean array over the graph's nodes: True for the given URLs."""
    mask = np.zeros(len(graph), dtype=bool)
    mask[[graph.index[u] for u in urls if u in graph.index]] = True
    return mask


def _hubs(graph: LinkGraph, articles: set[str], settings: GraphSettings) -> set[str]:
    """Listing pages (section indexes, site maps): navigation's job is to link to them.

    A hub's text links to many pages, or to most pages of its own section.
    """
    codes: dict[str, int] = {}
    section = np.fromiter(
        (codes.setdefault(s, len(codes)) for s in graph.section), np.int32, len(graph)
    )
    article = node_mask(graph, articles)
    section_size = np.bincount(section[article], minlength=len(codes))
    out = graph.out
    listed = np.zeros(len(graph), np.int64)
    same = np.zeros(len(graph), np.int64)
    for part, sources in out.chunks():  # whole, the link-sized arrays took ~25 B a link
        main = (out.masks[part] & MAIN_BIT) != 0
        listed += np.bincount(sources[main], minlength=len(graph))
        same_section = main & (section[sources] == section[out.ids[part]])
        same += np.bincount(sources[same_section], minlength=len(graph))
    others = section_size[section] - 1
    hub = article & (
        (listed >= settings.hub_content_links) | ((others >= 3) & (same >= others / 2))
    )
    return {graph.urls[i] for i in np.flatnonzero(hub).tolist()}
