from pathlib import Path

from bs4 import BeautifulSoup
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_analysis import GraphAnalysis
from siteaudit.reports.crawl_map import map_model, write_crawl_map

from siteaudit.core.records import Finding, Link, Page, Region, Severity
from siteaudit.store import Store
from tests.reports.conftest import SITE, store_crawl

XSS = "<script>alert(1)</script>"


def _graph(store: Store, crawl: int) -> GraphAnalysis:
    return AnalysisContext(AuditData.load(store, crawl)).graph


def _pages() -> list[Page]:
    def rel(source: str, target: str, pos: int) -> Link:
        return Link(f"{SITE}{source}", f"{SITE}{target}", "a", "x", Region.RELATED, False, pos)

    return [
        Page(
            f"{SITE}/",
            200,
            is_html=True,
            title="Home",
            found_via="start",
            links=[rel("/", "/a", 1), rel("/", "/b", 2)],
        ),
        Page(
            f"{SITE}/a",
            200,
            is_html=True,
            title=XSS,
            links=[rel("/a", "/b", 1), rel("/a", "/gone", 2)],
        ),
        Page(f"{SITE}/b", 200, is_html=True, title="Billing", links=[rel("/b", "/a", 1)]),
        Page(f"{SITE}/gone", 404),
    ]


def test_map_draws_related_graph_with_details_and_escapes_crawled_text(
    store: Store, tmp_path: Path
) -> None:
    crawl = store_crawl(store, _pages())
    finding = Finding(
        "broken-related-link",
        Severity.ERROR,
        f"{SITE}/a",
        f"Related link 2 {XSS} goes to /gone: 404",
    )
    path = write_crawl_map(store.crawl(crawl), _graph(store, crawl), [finding], tmp_path / "report")
    assert path == tmp_path / "report" / "map.html"
    assert (tmp_path / "report" / "map.js").is_file()
    text = path.read_text(encoding="utf-8")
    assert XSS not in text  # escaped everywhere: title, tooltip and finding
    soup = BeautifulSoup(text, "html.parser")
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    scripts = soup.find_all("script")
    assert [s.get("src") for s in scripts] == ["assets/report.js", "map.js"]
    assert all(not s.string for s in scripts)  # no inline script
    circles = soup.select("svg circle")
    assert len(circles) == 4
    assert len(soup.select("svg line")) == 5
    gone = next(c for c in circles if f"{SITE}/gone" in c["data-label"])
    assert "s-error" in gone["class"]
    detail = soup.find("section", id=gone.find_parent("a")["href"][1:])
    assert detail is not None and "404" in detail.get_text()
    a_detail = next(s for s in soup.select("section.detail") if XSS in s.h2.get_text())
    assert "broken-related-link" in a_detail.get_text()


def test_large_sites_draw_only_the_top_pages_by_link_score(store: Store) -> None:
    def rel(source: str, target: str, pos: int) -> Link:
        return Link(f"{SITE}{source}", f"{SITE}{target}", "a", "x", Region.RELATED, False, pos)

    home = Page(
        f"{SITE}/",
        200,
        is_html=True,
        title="Home",
        found_via="start",
        links=[rel("/", f"/p{i}", i) for i in range(30)],
    )
    pages = [home] + [
        Page(f"{SITE}/p{i}", 200, is_html=True, title=f"P{i}", links=[rel(f"/p{i}", "/", 1)])
        for i in range(30)
    ]
    crawl = store_crawl(store, pages)
    analysis = _graph(store, crawl)
    nodes, edges, total = map_model(analysis, [], max_nodes=10)
    assert total == 31 and len(nodes) == 10
    assert f"{SITE}/" in {n.url for n in nodes}  # every page recommends it: the best score
    drawn = {n.id for n in nodes}
    assert all(e.source in drawn and e.target in drawn for e in edges)


def test_site_without_related_links_gets_a_plain_message(store: Store, tmp_path: Path) -> None:
    crawl = store_crawl(store, [Page(f"{SITE}/", 200, is_html=True, title="Home")])
    path = write_crawl_map(store.crawl(crawl), _graph(store, crawl), [], tmp_path / "r")
    text = path.read_text(encoding="utf-8")
    assert "No related-article links" in text
