"""The array link graph gives what the NetworkX graph gave: depths, parents, PageRank."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from siteaudit.analysis.graph import REDIRECT_BIT, REGION_BITS, build_site_graph, link_scores
from siteaudit.analysis.link_graph import Adjacency

from siteaudit.core.records import Link, Page, Region
from siteaudit.store import Store
from tests.analysis.factories import BASE, page

REGIONS = [Region.NAV, Region.FOOTER, Region.MAIN, Region.RELATED, Region.ASIDE]


def _random_site(seed: int, size: int = 60) -> list[Page]:
    """Pages linking at random (duplicates, self-links, nofollow), a few redirects."""
    rng = random.Random(seed)
    paths = [f"/p{i:03d}" for i in range(size)]
    pages = []
    for i, path in enumerate(paths):
        if i % 17 == 5:  # a redirect, sometimes to itself
            target = path if i % 34 == 5 else rng.choice(paths)
            pages.append(page(path, 301, location=BASE + target))
            continue
        links = [
            Link(
                BASE + path,
                BASE + rng.choice([*paths, "/missing"]),
                "a",
                "x",
                rng.choice(REGIONS),
                rng.random() < 0.2,
                n,
            )
            for n in range(rng.randrange(0, 8))
        ]
        pages.append(page(path, found_via="start" if i == 0 else "link", links=links))
    rng.shuffle(pages)  # node ids follow the given order, not URL order
    return pages


def _site(tmp_path: Path, pages: list[Page]):
    store = Store.in_folder(tmp_path)
    crawl = store.begin_crawl([BASE + "/p000"], {})
    store.add_pages(crawl, pages)
    by_url = {p.url: p for p in pages}
    site = build_site_graph(store, crawl, by_url, [BASE + "/p000"])
    inbound = store.inbound_sources(crawl)
    reference = _reference_graph(store.links(crawl), by_url)
    store.close()
    return site, inbound, reference


def _reference_graph(links: Iterable[Link], pages: dict[str, Page]) -> nx.DiGraph:
    """The graph as the dict-of-dicts version built it: one edge per page pair in the order
    first linked, region bits OR-ed, "w": 0 when every link is nofollow, redirects last."""
    graph = nx.DiGraph()
    graph.add_nodes_from(url for url, p in pages.items() if p.resource_type == "page")
    masks: dict[tuple[str, str], int] = {}
    for link in links:
        if link.kind != "a" or link.source not in graph or link.target not in graph:
            continue
        if link.source == link.target:
            continue
        key = (link.source, link.target)
        followed = 0 if link.nofollow else 128
        masks[key] = masks.get(key, 0) | REGION_BITS[link.region] | followed
    for url, p in pages.items():
        if p.location and url in graph and p.location in graph:
            masks[(url, p.location)] = masks.get((url, p.location), 0) | REDIRECT_BIT | 128
    for (source, target), mask in masks.items():
        data = {"r": mask & 127} if mask & 128 else {"r": mask & 127, "w": 0}
        graph.add_edge(source, target, **data)
    return graph


def _reference_parents(graph: nx.DiGraph, starts: list[str]) -> dict[str, str | None]:
    """The breadth-first tree the dict-of-dicts graph used to give: layer by layer, each
    node's parent the first page in the layer (then in link order) linking to it."""
    parents: dict[str, str | None] = dict.fromkeys(starts)
    layer = starts
    while layer:
        following = []
        for url in layer:
            for target in graph.succ[url]:
                if target not in parents:
                    parents[target] = url
                    following.append(target)
        layer = following
    return parents


@pytest.mark.parametrize("seed", range(6))
def test_click_paths_and_scores_match_the_networkx_graph(tmp_path: Path, seed: int) -> None:
    site, _, links = _site(tmp_path, _random_site(seed))
    assert list(site.links.nodes) == list(links.nodes)
    for url in links:  # same successors, in the same order, with the same data
        assert list(site.links.succ[url].items()) == list(links.succ[url].items())
    parents = _reference_parents(links, site.start_urls)
    for url in links:
        expected = []
        node = url if url in parents else None
        while node is not None:
            expected.append(node)
            node = parents[node]
        assert site.click_path(url) == expected[::-1]
    assert set(site.node_depths()) == set(parents)
    # the array PageRank repeats networkx's float operations: equal, not just close
    assert link_scores(site.graph) == link_scores(links)
    assert link_scores(site.graph) == link_scores(site.links)


@pytest.mark.parametrize("seed", range(4))
def test_inlinks_count_what_the_store_counts(tmp_path: Path, seed: int) -> None:
    site, inbound, _ = _site(tmp_path, _random_site(seed))
    counts = site.graph.inlinks()
    assert counts == inbound
    assert len(counts) == len(inbound) and sorted(counts) == sorted(inbound)
    assert all(counts.get(url) == n for url, n in inbound.items())
    assert counts.get("http://nowhere.example/", 0) == 0


def test_a_redirect_to_itself_is_an_edge_like_before(tmp_path: Path) -> None:
    site, _, _ = _site(
        tmp_path,
        [page("/p000", found_via="start"), page("/loop", 301, location=BASE + "/loop")],
    )
    assert site.links.has_edge(BASE + "/loop", BASE + "/loop")
    assert site.graph.in_degree(BASE + "/loop") == 1


@pytest.mark.parametrize("size", [1, 3, 7, 1000])
def test_chunks_of_an_adjacency_name_the_row_of_every_entry(size: int) -> None:
    rng = np.random.default_rng(size)
    lengths = rng.integers(0, 5, 40)
    lengths[[0, 17, 39]] = 0  # empty rows, first and last among them
    ptr = np.concatenate(([0], np.cumsum(lengths)))
    ids = rng.integers(0, 40, int(ptr[-1])).astype(np.int32)
    adjacency = Adjacency(ptr, ids, np.zeros(len(ids), np.uint8))
    chunks = list(adjacency.chunks(size))
    assert [c.start for c, _ in chunks] == list(range(0, adjacency.size, size))
    assert all(len(rows) == c.stop - c.start for c, rows in chunks)
    assert np.array_equal(np.concatenate([rows for _, rows in chunks]), adjacency.sources())
