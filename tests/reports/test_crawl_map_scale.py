"""The crawl map of a larger site: broken, redirecting and orphan pages are always drawn,
clusters are named by their words, and the map zooms and pans in Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from siteaudit.analysis.context import AnalysisContext
from siteaudit.analysis.data import AuditData
from siteaudit.reports.crawl_map import MapNode, map_model, write_crawl_map
from siteaudit.reports.html import ASSET_DIR

from siteaudit.core.records import Finding, Link, Page, Region, Severity
from siteaudit.store import Store
from tests.browser import Tab
from tests.reports.conftest import SITE, store_crawl

TOPICS = {
    "cod": "Cash on delivery",
    "customs": "Customs duty",
    "returns": "Returns and refunds",
    "sea": "Sea freight containers",
}
PER_TOPIC = 500
BROKEN = 50


def _site() -> tuple[list[Page], list[Finding]]:
    def rel(source: str, target: str, pos: int) -> Link:
        return Link(source, target, "a", "x", Region.RELATED, False, pos)

    pages: list[Page] = [Page(f"{SITE}/", 200, is_html=True, title="Home", found_via="start")]
    home_links = []
    for topic, words in TOPICS.items():
        urls = [f"{SITE}/{topic}/{i}.html" for i in range(PER_TOPIC)]
        home_links.append(rel(f"{SITE}/", urls[0], len(home_links)))
        for i, url in enumerate(urls):
            links = [rel(url, urls[(i + k) % PER_TOPIC], k) for k in (1, 2, 3)]
            pages.append(Page(url, 200, is_html=True, title=f"{words} question {i}", links=links))
    pages[0].links = home_links
    # the last pages of one topic each recommend a page that is gone: low scores all round
    findings = []
    for b in range(BROKEN):
        source = pages[1 + PER_TOPIC - 1 - b]
        gone = f"{SITE}/cod/gone-{b}.html"
        source.links.append(rel(source.url, gone, 9))
        pages.append(Page(gone, 404, found_on=source.url))
    for o in range(5):
        url = f"{SITE}/orphan-{o}.html"
        pages.append(Page(url, 200, is_html=True, title=f"Orphan {o}", found_via="sitemap"))
        findings.append(Finding("orphan-page", Severity.WARNING, url, "Only the sitemap lists it"))
    return pages, findings


@pytest.fixture(scope="module")
def big_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[MapNode]]:
    folder = tmp_path_factory.mktemp("map")
    with Store.in_folder(folder) as store:
        pages, findings = _site()
        crawl = store_crawl(store, pages)
        analysis = AnalysisContext(AuditData.load(store, crawl)).graph
        nodes, _, _ = map_model(analysis, findings)
        path = write_crawl_map(store.crawl(crawl), analysis, findings, folder / "report")
    (folder / "report" / "assets").mkdir()
    shutil.copyfile(ASSET_DIR / "report.js", folder / "report" / "assets" / "report.js")
    return path, list(nodes)


def test_broken_and_orphan_pages_are_drawn_beyond_the_top_pages(
    big_map: tuple[Path, list[MapNode]],
) -> None:
    path, nodes = big_map
    urls = {n.url: n for n in nodes}
    gone = [u for u in urls if "/gone-" in u]
    assert len(gone) == BROKEN
    assert all(urls[u].status_class == "error" for u in gone)
    orphans = [u for u, n in urls.items() if n.orphan]
    assert len(orphans) == 5
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    assert len(soup.select("svg circle.s-error")) == BROKEN
    assert len(soup.select("svg circle.orphan")) == 5
    assert "55 broken, redirecting or orphan pages besides" in soup.select_one(".lead").get_text()


def test_clusters_are_named_by_the_words_their_titles_share(
    big_map: tuple[Path, list[MapNode]],
) -> None:
    path, _ = big_map
    soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
    names = [s.get_text() for s in soup.select("#cluster-legend .cluster-name")]
    named = {
        topic
        for topic, words in TOPICS.items()
        for name in names
        if set(name.split(" · ")) & {w.lower() for w in words.split() if len(w) > 3}
    }
    assert named == set(TOPICS), names
    assert "question" not in " ".join(names)  # in every title: names no cluster


def test_map_zooms_with_the_wheel_and_pans_by_dragging(
    big_map: tuple[Path, list[MapNode]], browser: object
) -> None:
    tab = Tab(browser)
    try:
        page = tab.open(big_map[0])
        view = (
            "() => { const b = document.getElementById('map-svg').viewBox.baseVal;"
            " return [b.x, b.y, b.width, b.height]; }"
        )
        whole = page.evaluate(view)
        page.locator("#map-svg").scroll_into_view_if_needed()
        box = page.locator("#map-svg").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(cx, cy)
        page.mouse.wheel(0, -300)
        page.wait_for_function(f"() => ({view})()[2] < {whole[2]}")
        zoomed = page.evaluate(view)
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + 120, cy + 60, steps=5)
        page.mouse.up()
        panned = page.evaluate(view)
        assert panned[2] == zoomed[2] and panned[0] < zoomed[0] and panned[1] < zoomed[1]
        page.click("#map-zoom button[data-zoom='reset']")
        assert page.evaluate(view) == whole
        assert tab.errors == []
    finally:
        tab.page.close()
