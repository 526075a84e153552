from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_checks import GraphSettings, check_graph, graph_statistics

from siteaudit.core.checks import CHECKS
from siteaudit.core.records import Finding, Link, Page, Region, SitemapEntry, TextBlock
from siteaudit.store import Store
from tests.analysis.factories import BASE, by_check, page

SEA = "container ship freight port vessel ocean cargo schedule berth crane quay " * 3
COD = "cash delivery payment courier collect money payout refuse parcel driver " * 3


def _a(source: str, target: str, pos: int, region: str = Region.MAIN) -> Link:
    return Link(BASE + source, BASE + target, "a", f"to {target}", region, False, pos)


@pytest.fixture
def graph_audit(
    tmp_path: Path,
) -> Iterator[Callable[..., tuple[list[Finding], AnalysisContext]]]:
    """Store pages as one finished crawl; return the graph findings and the analysis run."""
    store = Store.in_folder(tmp_path)

    def run(pages: list[Page], settings: GraphSettings | None = None, sitemap=()):
        crawl = store.begin_crawl([BASE + "/"], {})
        store.add_pages(crawl, pages)
        store.add_sitemap_entries(
            crawl, [SitemapEntry(BASE + p, BASE + "/sm.xml") for p in sitemap]
        )
        store.finish_crawl(crawl, "finished", {})
        context = AnalysisContext(AuditData.load(store, crawl), settings)
        return list(check_graph(context)), context

    yield run
    store.close()


def _chain(n: int) -> list[Page]:
    """Home -> /p1 -> /p2 ... -> /pn, each step a link in the text."""
    pages = [page("/", found_via="start", links=[_a("/", "/p1", 1)])]
    for i in range(1, n + 1):
        links = [_a(f"/p{i}", f"/p{i + 1}", 1)] if i < n else []
        pages.append(page(f"/p{i}", links=links))
    return pages


def test_pages_deeper_than_the_threshold_get_their_click_path(graph_audit) -> None:
    findings, _ = graph_audit(_chain(6))
    deep = by_check(findings, "deep-page")
    assert [f.url for f in deep] == [BASE + "/p5", BASE + "/p6"]
    assert deep[0].evidence["depth"] == 5
    assert deep[0].evidence["path"][0] == BASE + "/"
    assert deep[0].evidence["path"][-1] == BASE + "/p5"


def test_depth_threshold_is_a_setting(graph_audit) -> None:
    findings, _ = graph_audit(_chain(6), GraphSettings(max_depth=2))
    assert len(by_check(findings, "deep-page")) == 4


def test_page_linked_only_from_sitemap_only_pages_is_unreachable(graph_audit) -> None:
    findings, _ = graph_audit(
        [
            page("/", found_via="start"),
            page("/orphan", found_via="sitemap", links=[_a("/orphan", "/child", 1)]),
            page("/child"),
        ],
        sitemap=["/orphan"],
    )
    (unreachable,) = by_check(findings, "unreachable-page")
    assert unreachable.url == BASE + "/child"
    assert unreachable.evidence["linked_from"] == [BASE + "/orphan"]
    # the orphan itself is links.py's orphan-page finding, not repeated here
    assert not [f for f in findings if f.url == BASE + "/orphan" and f.check == "unreachable-page"]


def test_page_reached_only_through_menus_is_nav_only(graph_audit) -> None:
    nav = [_a("/", "/menu-only", 1, Region.NAV), _a("/", "/a", 2, Region.NAV), _a("/", "/a", 3)]
    findings, _ = graph_audit(
        [page("/", found_via="start", links=nav), page("/menu-only"), page("/a")]
    )
    assert [f.url for f in by_check(findings, "nav-only-page")] == [BASE + "/menu-only"]


def test_dead_end_has_no_text_or_related_link_onwards(graph_audit) -> None:
    findings, _ = graph_audit(
        [
            page("/", found_via="start", links=[_a("/", "/end", 1), _a("/", "/on", 2)]),
            page("/end", links=[_a("/end", "/", 1, Region.NAV)]),
            page("/on", links=[_a("/on", "/", 1, Region.RELATED)]),
        ]
    )
    assert [f.url for f in by_check(findings, "dead-end-page")] == [BASE + "/end"]


def _related_site(entries: dict[str, list[str]]) -> list[Page]:
    """Home lists every article; each article's related list points at the given ones."""
    articles = sorted(entries)
    home = [_a("/", f"/faq/{a}", i) for i, a in enumerate(articles)]
    pages = [page("/", found_via="start", links=home)]
    for a in articles:
        links = [_a(f"/faq/{a}", f"/faq/{t}", i, Region.RELATED) for i, t in enumerate(entries[a])]
        pages.append(page(f"/faq/{a}", links=links, word_count=300))
    return pages


def test_related_lists_too_short_too_long_or_missing_in_a_section_that_has_them(
    graph_audit,
) -> None:
    names = [f"a{i}" for i in range(8)]
    entries = {n: [m for m in names if m != n][:4] for n in names}
    entries["a0"] = ["a1"]  # too few
    entries["a1"] = []  # none, while the rest of /faq/ has lists
    entries["a2"] = [m for m in names if m != "a2"] * 3  # 21 entries
    findings, _ = graph_audit(_related_site(entries))
    few = {f.url: f for f in by_check(findings, "related-links-few")}
    assert set(few) == {BASE + "/faq/a0", BASE + "/faq/a1"}
    assert few[BASE + "/faq/a0"].evidence == {"entries": 1, "working": 1}
    (many,) = by_check(findings, "related-links-many")
    assert many.url == BASE + "/faq/a2" and many.evidence["entries"] == 21


def test_related_link_to_a_canonicalised_page_suggests_the_canonical(graph_audit) -> None:
    findings, _ = graph_audit(
        [
            page("/", found_via="start", links=[_a("/", "/copy", 1, Region.RELATED)]),
            page("/copy", canonical=BASE + "/original"),
            page("/original"),
        ]
    )
    (f,) = by_check(findings, "related-link-canonicalised")
    assert f.url == BASE + "/"
    assert f.evidence["canonical"] == BASE + "/original"
    assert BASE + "/original" in (f.fix or "")


def test_recommendation_about_another_subject_is_off_topic(graph_audit) -> None:
    texts = {"sea1": SEA, "sea2": SEA + " reefer", "sea3": SEA, "cod1": COD, "cod2": COD}
    pages = [page("/", found_via="start", links=[_a("/", f"/{n}", i) for i, n in enumerate(texts)])]
    for name, text in texts.items():
        related = [
            _a(f"/{name}", f"/{o}", i, Region.RELATED)
            for i, o in enumerate(texts)
            if o != name and (name == "sea1" or o.startswith(name[:3]))
        ]
        if name == "sea2":  # one section of a page: the whole page's text does not judge it
            related.append(
                Link(BASE + "/sea2", BASE + "/cod1", "a", "Fees", Region.RELATED, False, 9, "fees")
            )
        pages.append(page(f"/{name}", links=related, blocks=[TextBlock("main", "p", text)]))
    findings, _ = graph_audit(pages, GraphSettings(min_compared_terms=5))
    off = by_check(findings, "related-link-off-topic")
    assert [(f.url, f.evidence["target"]) for f in off] == [
        (BASE + "/sea1", BASE + "/cod1"),
        (BASE + "/sea1", BASE + "/cod2"),
    ]


def test_groups_that_only_recommend_each_other_are_isolated_clusters(graph_audit) -> None:
    entries = {"a": ["b", "c"], "b": ["a", "c"], "c": ["a"], "x": ["y"], "y": ["x"]}
    findings, context = graph_audit(_related_site(entries))
    (cluster,) = by_check(findings, "related-cluster-isolated")
    assert cluster.evidence["size"] == 2
    assert set(cluster.evidence["pages"]) == {BASE + "/faq/x", BASE + "/faq/y"}
    stats = graph_statistics(context.graph)
    assert stats["related_components"] == 2
    assert stats["largest_related_component"] == 3
    # a->b, b->a, a->c, c->a, x->y, y->x are mutual; only b->c is one-way
    assert stats["one_way_related_links"] == 1
    assert stats["one_way_related_share"] == round(1 / 7, 3)


def test_weakly_linked_long_page_gets_similar_pages_that_do_not_link_to_it(graph_audit) -> None:
    names = ["s1", "s2", "s3", "c1", "c2", "c3", "weak"]
    text = {"s1": SEA, "s2": SEA, "s3": SEA, "c1": COD, "c2": COD, "c3": COD, "weak": SEA}
    pages = [
        page("/", found_via="start", links=[_a("/", f"/{n}", i) for i, n in enumerate(names[:-1])])
    ]
    for n in names:
        links = [_a(f"/{n}", f"/{o}", i) for i, o in enumerate(names[:-1]) if o != n]
        if n == "s1":
            links.append(_a("/s1", "/weak", 99))
        pages.append(
            page(f"/{n}", links=links, word_count=500, blocks=[TextBlock("main", "p", text[n] + n)])
        )
    findings, _ = graph_audit(pages, GraphSettings(min_compared_terms=5))
    (weak,) = by_check(findings, "low-link-score")
    assert weak.url == BASE + "/weak"
    suggested = [s["url"] for s in weak.evidence["suggested_sources"]]
    assert set(suggested[:2]) == {BASE + "/s2", BASE + "/s3"}
    assert BASE + "/s1" not in suggested  # it links there already
    assert BASE + "/s2" in (weak.fix or "")


def test_page_linked_in_the_previous_crawl_but_not_now_is_reported(tmp_path: Path) -> None:
    store = Store.in_folder(tmp_path)
    first = store.begin_crawl([BASE + "/"], {})
    store.add_pages(
        first,
        [
            page("/", found_via="start", links=[_a("/", "/kept", 1), _a("/", "/dropped", 2)]),
            page("/kept"),
            page("/dropped"),
        ],
    )
    store.finish_crawl(first, "finished", {})
    second = store.begin_crawl([BASE + "/"], {})
    store.add_pages(
        second, [page("/", found_via="start", links=[_a("/", "/kept", 1)]), page("/kept")]
    )
    store.finish_crawl(second, "finished", {})
    findings = list(check_graph(AnalysisContext(AuditData.load(store, second))))
    store.close()
    (lost,) = by_check(findings, "unlinked-since-last-crawl")
    assert lost.url == BASE + "/dropped"
    assert lost.evidence == {"previous_crawl": first, "previous_inbound": 1}


def test_a_previous_crawl_from_another_origin_is_compared_page_by_page(tmp_path: Path) -> None:
    # The same site served on another port earlier: /kept is still linked, /gone is not.
    other = "http://127.0.0.1:9"
    store = Store.in_folder(tmp_path)
    first = store.begin_crawl([other + "/"], {})
    store.add_pages(
        first,
        [
            replace(
                page("/", found_via="start"),
                url=other + "/",
                links=[
                    Link(other + "/", other + t, "a", t, Region.MAIN, False, i)
                    for i, t in enumerate(["/kept", "/gone"])
                ],
            ),
            replace(page("/kept"), url=other + "/kept"),
            replace(page("/gone"), url=other + "/gone"),
        ],
    )
    store.finish_crawl(first, "finished", {})
    second = store.begin_crawl([BASE + "/"], {})
    store.add_pages(
        second, [page("/", found_via="start", links=[_a("/", "/kept", 1)]), page("/kept")]
    )
    store.finish_crawl(second, "finished", {})
    findings = list(check_graph(AnalysisContext(AuditData.load(store, second))))
    store.close()
    assert [f.url for f in by_check(findings, "unlinked-since-last-crawl")] == [BASE + "/gone"]


def test_every_graph_finding_has_a_registry_entry(graph_audit) -> None:
    findings, _ = graph_audit(
        [*_chain(6), page("/x", found_via="sitemap", links=[_a("/x", "/p1", 1)])]
    )
    known = {c.id for c in CHECKS.values() if c.family == "graph"}
    assert findings and {f.check for f in findings} <= known
    source = Path(__file__).resolve().parents[2] / "analysis" / "graph_checks.py"
    emitted = {c for c in known if f'"{c}"' in source.read_text(encoding="utf-8")}
    assert emitted == known
