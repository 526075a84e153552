"""The crawl map: the related-articles graph as an SVG drawn at build time (report/map.html).

Nodes are sized by link score and coloured by HTTP status or by cluster; clicking one shows
the page's details and findings. It needs no JavaScript (details open with CSS ``:target``,
the colour switch is a pair of radio buttons); map.js, next to the page, only adds
neighbour highlighting and a search box. On large sites only the top pages by link score
are drawn, so the page stays light.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
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
    status_class: str  # ok, redirect, error, other
    cluster: int  # colour index, CLUSTER_COLOURS for "other"
    score: float
    depth: int | None
    section: str
    recommends: int
    recommended_by: int
    findings: list[Finding]


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
    run: CrawlRun, analysis: GraphAnalysis, findings: list[Finding], report_dir: Path
) -> Path:
    """Write ``report_dir/map.html`` (and map.js next to it); return the page's path."""
    nodes, edges, total = map_model(analysis, findings)
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    env = make_environment()
    page = env.get_template("map.html").render(
        run=run,
        site_label=", ".join(run.start_urls) or "(no start URL)",
        nodes=nodes,
        edges=edges,
        total=total,
        width=WIDTH,
        height=HEIGHT,
        cluster_colours=CLUSTER_COLOURS,
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
    chosen = sorted(candidates, key=lambda u: (-analysis.scores.get(u, 0.0), u))[:max_nodes]
    chosen_ids = np.array([graph.index[u] for u in chosen], dtype=np.int64)
    drawn = related_undirected(graph, chosen_ids)
    positions = _layout(drawn)
    communities = analysis.communities or find_communities(drawn, max_nodes)
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
                r=round(3 + 9 * score / 100, 1),
                status=attrs["status"],
                status_class=_status_class(attrs["status"], attrs["indexable"]),
                cluster=min(cluster, CLUSTER_COLOURS),
                score=score,
                depth=attrs["depth"],
                section=attrs["section"],
                recommends=int(related.ptr[node + 1] - related.ptr[node]),
                recommended_by=int(recommended_by[node]),
                findings=sorted(by_url.get(url, []), key=lambda f: (f.severity.rank, f.check)),
            )
        )
    inside = set(chosen)
    pairs = sorted(
        (url, graph.urls[t])
        for url in chosen
        for t in related.row(graph.index[url]).tolist()
        if graph.urls[t] in inside
    )
    edges = [MapEdge(ids[a], ids[b], *positions[a], *positions[b]) for a, b in pairs]
    return nodes, edges, len(candidates)


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
