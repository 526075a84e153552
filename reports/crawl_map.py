"""The crawl map: the related-articles graph as an SVG drawn at build time (report/map.html).

Nodes are sized by link score and coloured by HTTP status or by cluster; clicking one shows
the page's details and findings. It needs no JavaScript (details open with CSS ``:target``,
the colour switch is a pair of radio buttons); map.js, next to the page, only adds
neighbour highlighting, zoom and pan, and a search box. On large sites the top pages by link
score are drawn, so the page stays light, plus every broken, redirecting and orphan page
(those are what a reader looks for), each tied to a drawn page linking to it. Clusters are
named by the words their pages' titles share more than the rest of the map does.
"""

from __future__ import annotations

import math
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
from siteaudit.analysis.graph import LinkGraph
from siteaudit.analysis.graph_analysis import (
    GraphAnalysis,
    find_communities,
    related_members,
    related_undirected,
)
from siteaudit.reports.environment import make_environment

from siteaudit.core.records import CrawlRun, Finding

STATIC_DIR = Path(__file__).parent / "static"
MAX_NODES = 400
MAX_FORCED = 1500  # broken, redirecting and orphan pages drawn beyond the top MAX_NODES
FORCED_EDGES = 3  # lines from drawn pages linking to such a page
ORPHAN_CHECKS = frozenset({"orphan-page", "unreachable-page"})
CLUSTER_WORDS = 3
_FAILING = ("redirect", "error")
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = frozenset(
    "the and for with your you how what why when can are our not from this that does into "
    "about which who its use using get has have was were will faq help page".split()
)
CLUSTER_COLOURS = 12  # the largest clusters get their own colour, the rest share grey
WIDTH, HEIGHT, MARGIN = 1000.0, 700.0, 20.0


@dataclass(frozen=True, slots=True)
class MapNode:
    """One drawn page."""

    id: str  # element id, "p-<n>"
    url: str
    title: str
    x: float
    y: float
    r: float
    status: int
    status_class: str  # ok, noindex, redirect, error
    cluster: int  # colour index, CLUSTER_COLOURS for "other"
    cluster_name: str  # the words its cluster's titles share
    score: float
    depth: int | None
    section: str
    recommends: int
    recommended_by: int
    findings: list[Finding]
    orphan: bool = False
    extra: bool = False  # drawn beyond the top pages: broken, redirecting, orphan or their linker


@dataclass(frozen=True, slots=True)
class MapEdge:
    """One drawn related link, with its ends' positions and ids."""

    source: str
    target: str
    x1: float
    y1: float
    x2: float
    y2: float


def write_crawl_map(
    run: CrawlRun,
    analysis: GraphAnalysis,
    findings: list[Finding],
    report_dir: Path,
    *,
    url_shards: int = 0,
    search_shards: int = 0,
) -> Path:
    """Write ``report_dir/map.html`` (and map.js next to it); return the page's path.

    ``url_shards``/``search_shards``: the report's URL data, for the top bar's search box."""
    nodes, edges, total = map_model(analysis, findings)
    clusters = sorted({(n.cluster, n.cluster_name) for n in nodes if n.cluster < CLUSTER_COLOURS})
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    env = make_environment()
    page = env.get_template("map.html").render(
        run=run,
        site_label=", ".join(run.start_urls) or "(no start URL)",
        nodes=nodes,
        edges=edges,
        total=total,
        top=sum(1 for n in nodes if not n.extra),
        forced=sum(1 for n in nodes if n.extra and (n.orphan or n.status_class in _FAILING)),
        linkers=sum(1 for n in nodes if n.extra and not (n.orphan or n.status_class in _FAILING)),
        clusters=clusters,
        width=WIDTH,
        height=HEIGHT,
        cluster_colours=CLUSTER_COLOURS,
        url_shards=url_shards,
        search_shards=search_shards,
    )
    path = report_dir / "map.html"
    path.write_text(page, encoding="utf-8")
    shutil.copyfile(STATIC_DIR / "map.js", report_dir / "map.js")
    return path


def map_model(
    analysis: GraphAnalysis, findings: list[Finding], max_nodes: int = MAX_NODES
) -> tuple[list[MapNode], list[MapEdge], int]:
    """The drawn nodes and edges, and how many pages the related graph holds in all."""
    graph = analysis.site.graph
    related = graph.related
    members = np.flatnonzero(related_members(graph))
    candidates = [graph.urls[i] for i in members.tolist()]
    top = sorted(candidates, key=lambda u: (-analysis.scores.get(u, 0.0), u))[:max_nodes]
    orphans = {f.url for f in findings if f.check in ORPHAN_CHECKS and f.url in graph.index}
    forced = _must_draw(graph, orphans, set(top))
    forced += _linkers(graph, forced, set(top) | set(forced))
    chosen = top + forced
    extra_set = set(forced)
    forced_set = {
        u for u in forced if u in orphans or not 200 <= graph.status[graph.index[u]] < 300
    }
    chosen_ids = np.array([graph.index[u] for u in chosen], dtype=np.int64)
    drawn = related_undirected(graph, chosen_ids)
    extra = _links_into(graph, forced, set(chosen))
    drawn.add_edges_from(extra)
    positions = _layout(drawn)
    communities = analysis.communities or find_communities(drawn, max_nodes)
    names = _cluster_names(
        {u: graph.title[graph.index[u]] or "" for u in chosen},
        {u: min(communities.get(u, CLUSTER_COLOURS), CLUSTER_COLOURS) for u in chosen},
        {u: graph.section[graph.index[u]] or "" for u in chosen},
    )
    recommended_by = np.bincount(related.ids, minlength=len(graph))
    by_url: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_url[f.url].append(f)
    ids = {url: f"p-{n}" for n, url in enumerate(sorted(chosen))}
    nodes = []
    for url in sorted(chosen):
        node = graph.index[url]
        attrs = graph.attributes(node)
        x, y = positions[url]
        score = analysis.scores.get(url, 0.0)
        cluster = communities.get(url, CLUSTER_COLOURS)
        nodes.append(
            MapNode(
                id=ids[url],
                url=url,
                title=attrs["title"] or url,
                x=x,
                y=y,
                # broken, redirecting and orphan pages stay big enough to find and click
                r=round(max(3 + 9 * score / 100, 5.0 if url in forced_set else 0.0), 1),
                status=attrs["status"],
                status_class=_status_class(attrs["status"], attrs["indexable"]),
                cluster=min(cluster, CLUSTER_COLOURS),
                cluster_name=names.get(min(cluster, CLUSTER_COLOURS), "other"),
                score=score,
                depth=attrs["depth"],
                section=attrs["section"],
                recommends=int(related.ptr[node + 1] - related.ptr[node]),
                recommended_by=int(recommended_by[node]),
                findings=sorted(by_url.get(url, []), key=lambda f: (f.severity.rank, f.check)),
                orphan=url in orphans,
                extra=url in extra_set,
            )
        )
    # SVG paints in document order: broken, redirecting and orphan pages last, on top of
    # the working pages around them, so none hides under a bigger dot.
    nodes.sort(key=lambda n: (n.orphan or n.status_class in _FAILING, n.url))
    inside = set(chosen)
    pairs = sorted(
        (url, graph.urls[t])
        for url in chosen
        for t in related.row(graph.index[url]).tolist()
        if graph.urls[t] in inside
    )
    pairs += sorted(extra)
    edges = [MapEdge(ids[a], ids[b], *positions[a], *positions[b]) for a, b in pairs]
    return nodes, edges, len(candidates)


def _must_draw(graph: LinkGraph, orphans: set[str], drawn: set[str]) -> list[str]:
    """Pages always drawn: broken or redirecting URLs and orphans, those not drawn yet."""
    status = graph.status
    failing = np.flatnonzero((status >= 300) | (status <= 0)).tolist()
    wanted = {graph.urls[i] for i in failing} | orphans
    return sorted(wanted - drawn)[:MAX_FORCED]


def _linkers(graph: LinkGraph, forced: list[str], drawn: set[str]) -> list[str]:
    """For a forced page no drawn page links to: its first linking page, drawn with it so
    it sits by the page that links to it, not adrift at the map's edge."""
    extra: list[str] = []
    for url in forced:
        sources = [graph.urls[s] for s in graph.inbound.row(graph.index[url]).tolist()]
        if sources and not any(s in drawn for s in sources if s != url):
            first = min(s for s in sources if s != url) if len(sources) > 1 else sources[0]
            if first != url and first not in drawn:
                drawn.add(first)
                extra.append(first)
    return extra[:MAX_FORCED]


def _links_into(graph: LinkGraph, forced: list[str], drawn: set[str]) -> list[tuple[str, str]]:
    """A few lines from drawn pages into each forced page, so it sits near its linkers."""
    pairs = []
    for url in forced:
        node = graph.index[url]
        sources = [graph.urls[s] for s in graph.inbound.row(node).tolist()]
        linked = [s for s in sources if s in drawn and s != url][:FORCED_EDGES]
        pairs += [(s, url) for s in linked]
    return pairs


def _cluster_names(
    titles: dict[str, str], clusters: dict[str, int], sections: dict[str, str]
) -> dict[int, str]:
    """Each coloured cluster named by the title words most typical of it (not of the map);
    failing that, by the site section most of its pages are in."""
    in_section: dict[int, Counter[str]] = defaultdict(Counter)
    for url, cluster in clusters.items():
        in_section[cluster][sections.get(url, "")] += 1
    everywhere: Counter[str] = Counter()
    per: dict[int, Counter[str]] = defaultdict(Counter)
    size: Counter[int] = Counter()
    for url, title in titles.items():
        words = {w for w in _WORD.findall(title.lower()) if w not in _STOP}
        if not words:
            continue  # a broken URL has no title: it neither names nor dilutes a cluster
        everywhere.update(words)
        cluster = clusters[url]
        per[cluster].update(words)
        size[cluster] += 1
    total = max(1, sum(size.values()))
    names = {}
    for cluster, counts in per.items():
        if cluster >= CLUSTER_COLOURS:
            continue

        def typical(word: str, cluster: int = cluster, counts: Counter[str] = counts) -> float:
            # share of the cluster's titles with the word, by how rare it is on the map
            return counts[word] / size[cluster] * math.log(total / everywhere[word])

        # Words in at least 30% of the cluster's titles; one in 90% of all titles (the
        # site's name, "question") names nothing.
        ranked = sorted(
            (
                w
                for w, n in counts.items()
                if n >= min(2, size[cluster])
                and n * 10 >= 3 * size[cluster]
                and everywhere[w] < 0.9 * total
            ),
            key=lambda w: (-typical(w), -counts[w], w),
        )
        section, count = in_section[cluster].most_common(1)[0]
        fallback = section if section and count * 2 >= size[cluster] else f"cluster {cluster + 1}"
        names[cluster] = " · ".join(ranked[:CLUSTER_WORDS]) or fallback
    seen: Counter[str] = Counter()
    for cluster in sorted(names):  # several clusters of one topic: "cash · delivery (2)"
        seen[names[cluster]] += 1
        if seen[names[cluster]] > 1:
            names[cluster] = f"{names[cluster]} ({seen[names[cluster]]})"
    return names


def _status_class(status: int, indexable: bool) -> str:
    if 200 <= status < 300:
        return "ok" if indexable else "noindex"
    if 300 <= status < 400:
        return "redirect"
    return "error"


def _layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Force-directed positions scaled into the SVG's view box, the same on every run."""
    if graph.number_of_nodes() == 0:
        return {}
    raw = nx.spring_layout(graph, seed=1, iterations=60)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        url: (
            round(MARGIN + (x - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1),
            round(MARGIN + (y - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1),
        )
        for url, (x, y) in raw.items()
    }
