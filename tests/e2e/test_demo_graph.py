"""Crawl the bundled demo site once; the graph must reflect its planted link problems."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_checks import check_graph, graph_statistics
from siteaudit.reports.crawl_map import map_model, write_crawl_map

from siteaudit.core.records import Finding
from siteaudit.store import Store
from tests.helpers import REPO, run_siteaudit

PLANTED = json.loads((REPO / "tools" / "demo_site" / "planted.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AnalysisContext, str]]:
    out = tmp_path_factory.mktemp("demo")
    result = run_siteaudit("demo", "-q", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Store.in_folder(out, create=False) as store:
        context = AnalysisContext(AuditData.load(store))
        base = context.data.run.start_urls[0].rstrip("/")
        yield context, base


@pytest.fixture(scope="module")
def findings(demo: tuple[AnalysisContext, str]) -> list[Finding]:
    return list(check_graph(demo[0]))


def _planted(kind: str) -> list[dict]:
    return [p for p in PLANTED["problems"] if p["kind"] == kind]


def test_planted_orphan_is_unreachable_by_clicks_and_weakly_scored(demo, findings) -> None:
    context, base = demo
    analysis = context.graph
    for orphan in _planted("orphan-page"):
        url = base + orphan["page"]
        assert analysis.site.links.nodes[url]["depth"] is None
        assert analysis.site.links.in_degree(url) == 0
        assert analysis.scores[url] == min(analysis.scores[u] for u in analysis.articles)
        # links.py owns the orphan-page finding; the graph checks do not repeat it
        assert not [f for f in findings if f.url == url and "orphan" in f.check]


def test_planted_broken_related_links_are_related_edges_to_error_pages(demo) -> None:
    context, base = demo
    related = context.graph.site.related
    for problem in _planted("broken-link"):
        if problem.get("region") != "related":
            continue
        edge = (base + problem["page"], base + problem["target"])
        assert related.has_edge(*edge)
        assert context.data.pages[edge[1]].status == problem["status"]


def test_planted_noindex_targets_are_not_indexable_nodes(demo) -> None:
    context, base = demo
    graph = context.graph.site
    for problem in _planted("noindex-linked-as-related"):
        assert graph.related.has_edge(base + problem["page"], base + problem["target"])
        assert graph.links.nodes[base + problem["target"]]["indexable"] is False


def test_planted_redirected_link_reaches_its_final_page_through_a_redirect_edge(demo) -> None:
    context, base = demo
    graph = context.graph.site.links
    for problem in _planted("redirected-link"):
        target, final = base + problem["target"], base + problem["final"]
        assert graph.has_edge(base + problem["page"], target)
        assert graph.edges[target, final]["r"] & 64  # the redirect hop
        assert graph.nodes[final]["depth"] <= graph.nodes[target]["depth"] + 1


def test_demo_findings_stay_few_and_trap_pages_are_not_flagged_deep(demo, findings) -> None:
    _, base = demo
    assert len(findings) < 60
    trap = _planted("query-trap")[0]["url"]
    assert not [f for f in findings if f.url.startswith(base + trap)]
    assert not [f for f in findings if f.check == "related-links-many"]


def test_statistics_and_map_cover_the_demo(demo, tmp_path: Path) -> None:
    context, _ = demo
    stats = graph_statistics(context.graph)
    assert stats["related_links"] > 1000
    assert 0 < stats["one_way_related_share"] < 1
    assert stats["reachable_pages"] == stats["pages"] - len(_planted("orphan-page"))
    assert stats["related_communities"] >= 2
    page = write_crawl_map(context.data.run, context.graph, [], tmp_path)
    drawn = page.read_text(encoding="utf-8").count("<circle")
    # the related graph, plus the broken and redirecting pages outside it (and their linkers)
    nodes, _, _ = map_model(context.graph, [])
    extra = [n for n in nodes if n.extra]
    assert drawn == context.graph.site.related.number_of_nodes() + len(extra)
    failing = {
        url
        for url, node in context.graph.site.graph.index.items()
        if not 200 <= context.graph.site.graph.status[node] < 300
    }
    assert failing <= {n.url for n in nodes}
