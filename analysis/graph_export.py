"""Export the link graph for other tools: GraphML, GEXF (Gephi) and a CSV edge list.

Exports carry every link as its own edge, with region, anchor text, nofollow and position,
so they use a MultiDiGraph; the analysis graph (graph.py) keeps one small edge per page pair.
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData

from siteaudit.core.csv_safety import spreadsheet_safe
from siteaudit.store import Store

FORMATS = ("graphml", "gexf", "csv")
CSV_COLUMNS = ("source", "target", "region", "anchor", "nofollow", "position", "kind")


def build_export_graph(store: Store, crawl_id: int | None = None) -> nx.MultiDiGraph:
    """Every page with its attributes and link score, every <a> link and redirect hop."""
    data = AuditData.load(store, crawl_id)
    analysis = AnalysisContext(data).graph
    graph = nx.MultiDiGraph()
    link_graph = analysis.site.graph
    for node, url in enumerate(link_graph.urls):
        attrs = link_graph.attributes(node)
        graph.add_node(
            url,
            status=attrs["status"],
            indexable=attrs["indexable"],
            canonical=attrs["canonical"],
            depth=-1 if attrs["depth"] is None else attrs["depth"],
            title=attrs["title"],
            section=attrs["section"],
            link_score=analysis.scores.get(url, 0.0),
            cluster=analysis.communities.get(url, -1),
        )
    for link in store.links(data.crawl_id):
        if link.kind != "a" or link.source not in graph or link.target not in graph:
            continue
        graph.add_edge(
            link.source,
            link.target,
            region=str(link.region),
            anchor=link.text or "",
            nofollow=link.nofollow,
            position=link.position,
        )
    for url, page in data.pages.items():
        if page.location and url in graph and page.location in graph:
            graph.add_edge(
                url, page.location, region="redirect", anchor="", nofollow=False, position=0
            )
    return graph


def export_graph(
    store: Store, fmt: str, path: Path, crawl_id: int | None = None
) -> tuple[int, int]:
    """Write the crawl's link graph to ``path``; return (nodes, edges) written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        return write_edge_csv(store, path, crawl_id)
    graph = build_export_graph(store, crawl_id)
    if fmt == "graphml":
        nx.write_graphml(graph, path, encoding="utf-8")
    else:
        nx.write_gexf(graph, path, encoding="utf-8")
    return graph.number_of_nodes(), graph.number_of_edges()


def write_edge_csv(store: Store, path: Path, crawl_id: int | None = None) -> tuple[int, int]:
    """One row per <a> link (streamed, so any size fits), plus one per redirect hop."""
    run = store.crawl(crawl_id)
    nodes: set[str] = set()
    edges = 0
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for link in store.links(run.id):
            if link.kind != "a":
                continue
            writer.writerow(
                (
                    spreadsheet_safe(link.source),
                    spreadsheet_safe(link.target),
                    link.region,
                    spreadsheet_safe(link.text),
                    int(link.nofollow),
                    link.position,
                    link.kind,
                )
            )
            nodes.update((link.source, link.target))
            edges += 1
        for page in store.pages(run.id, with_blocks=False):
            if page.location:
                writer.writerow((page.url, page.location, "redirect", "", 0, 0, "redirect"))
                nodes.update((page.url, page.location))
                edges += 1
    return len(nodes), edges
