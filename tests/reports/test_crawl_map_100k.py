"""The crawl map of a generated 100,000-page crawl in Chromium: it opens quickly, every
broken, redirecting and orphan page is drawn where it can be seen and clicked, and the map
zooms, pans and finds pages."""

from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path

import pytest
from siteaudit.analysis.data import AuditData
from siteaudit.analysis.graph_analysis import analyse_graph
from siteaudit.analysis.page_scan import TermRows
from siteaudit.reports.crawl_map import write_crawl_map
from siteaudit.reports.html import ASSET_DIR

from siteaudit.core.records import Finding, Link, Page, Region, Severity
from siteaudit.store import Store
from tests.browser import Tab
from tests.reports.conftest import SITE, store_crawl

TOPICS = [
    "cash delivery",
    "customs duty",
    "returns refunds",
    "sea freight",
    "air cargo",
    "warehouse storage",
    "parcel tracking",
    "pallet shipping",
    "dangerous goods",
    "insurance claims",
]
PAGES = 100_000
BROKEN, REDIRECTS, ORPHANS = 300, 100, 20
RELATED = 5  # recommendations per page


def _crawl() -> tuple[list[Page], list[Finding]]:
    """100,000 pages in ten topics whose related lists mostly stay in the topic; some
    recommend a page that is gone or moved; some pages only the sitemap lists."""
    rng = random.Random(17)
    per = (PAGES - 1) // len(TOPICS)
    home = Page(f"{SITE}/", 200, is_html=True, title="Freight help centre", found_via="start")
    pages = [home]
    by_topic: list[list[str]] = []
    for t, words in enumerate(TOPICS):
        slug = words.replace(" ", "-")
        urls = [f"{SITE}/{slug}/q-{i:05d}.html" for i in range(per)]
        by_topic.append(urls)
        home.links.append(Link(home.url, urls[0], "a", words, Region.MAIN, False, t))
        for i, url in enumerate(urls):
            # a few pages everybody recommends (the topic's hubs), the rest spread thin
            targets = {urls[rng.randrange(20)] if rng.random() < 0.4 else rng.choice(urls)}
            while len(targets) < RELATED:
                pool = urls if rng.random() < 0.95 else rng.choice(by_topic)
                targets.add(rng.choice(pool))
            links = [
                Link(url, target, "a", "related", Region.RELATED, False, n)
                for n, target in enumerate(sorted(targets - {url}))
            ]
            title = f"{words.title()}: question {i}"
            pages.append(Page(url, 200, is_html=True, title=title, depth=2, links=links))
    articles = pages[1:]
    for b in range(BROKEN):
        source = rng.choice(articles)
        gone = f"{SITE}/gone/answer-{b}.html"
        source.links.append(Link(source.url, gone, "a", "gone", Region.RELATED, False, 20))
        pages.append(Page(gone, 404, found_on=source.url, depth=3))
    for r in range(REDIRECTS):
        source = rng.choice(articles)
        moved = f"{SITE}/moved/answer-{r}.html"
        source.links.append(Link(source.url, moved, "a", "moved", Region.RELATED, False, 21))
        location = rng.choice(articles).url
        pages.append(Page(moved, 301, location=location, found_on=source.url, depth=3))
    findings = []
    for o in range(ORPHANS):
        url = f"{SITE}/orphans/answer-{o}.html"
        # an orphan still recommends pages: it is in the related graph, nobody links to it
        links = [Link(url, rng.choice(articles).url, "a", "x", Region.RELATED, False, 0)]
        pages.append(Page(url, 200, is_html=True, title=f"Orphan answer {o}", links=links))
        findings.append(Finding("orphan-page", Severity.WARNING, url, "Only the sitemap lists it"))
    return pages, findings


@pytest.fixture(scope="module")
def map_100k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """map.html of the 100,000-page crawl (about 25 s: stored, loaded, analysed, laid out)."""
    folder = tmp_path_factory.mktemp("map100k")
    pages, findings = _crawl()
    with Store.in_folder(folder) as store:
        crawl = store_crawl(store, pages)
        data = AuditData.load(store, crawl)
        # The map reads the link graph and its scores; the text similarity (another 40 s
        # of text scanning at this size) is for the checks, so no page terms are passed.
        analysis = analyse_graph(data, TermRows())
        path = write_crawl_map(store.crawl(crawl), analysis, findings, folder / "report")
    (folder / "report" / "assets").mkdir()
    shutil.copyfile(ASSET_DIR / "report.js", folder / "report" / "assets" / "report.js")
    return path


VIEW = (
    "() => { const b = document.getElementById('map-svg').viewBox.baseVal;"
    " return [b.x, b.y, b.width, b.height]; }"
)
# The classes of the circles actually on top at each failing page's centre (what a person
# sees and clicks there), at the current zoom.
ON_TOP = """sel => [...document.querySelectorAll(sel)].map(c => {
  const r = c.getBoundingClientRect();
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return [c.id, hit && hit.tagName === 'circle' ? hit.getAttribute('class') : String(hit)];
})"""


def test_map_at_100k_pages_opens_in_under_3_s_with_every_failing_page_drawn(
    map_100k: Path, tab: Tab
) -> None:
    tab.page.set_viewport_size({"width": 1400, "height": 1000})
    started = time.perf_counter()
    tab.page.goto(map_100k.as_uri())
    tab.page.wait_for_load_state("load")
    elapsed = time.perf_counter() - started
    print(f"map of 100k pages: {elapsed * 1000:.0f} ms, {map_100k.stat().st_size:,} bytes")
    assert elapsed < 3.0, f"the map took {elapsed:.2f} s to open"
    count = tab.page.eval_on_selector_all
    assert count("svg circle.s-error", "cs => cs.length") == BROKEN
    assert count("svg circle.s-redirect", "cs => cs.length") == REDIRECTS
    assert count("svg circle.orphan", "cs => cs.length") == ORPHANS
    lead = tab.page.text_content(".lead") or ""
    assert re.search(
        rf"of 100,\d{{3}} pages in related lists, and {BROKEN + REDIRECTS + ORPHANS} broken", lead
    ), lead
    # No failing page hides under a working one: what is on top at its centre is failing.
    tops = tab.page.evaluate(ON_TOP, "svg circle.s-error, svg circle.s-redirect, svg .orphan")
    hidden = [(c, top) for c, top in tops if not any(k in top for k in ("error", "redir", "orph"))]
    assert hidden == []
    assert tab.errors == []


def test_a_broken_page_of_the_100k_map_is_found_zoomed_into_and_opened(
    map_100k: Path, tab: Tab
) -> None:
    tab.page.set_viewport_size({"width": 1400, "height": 1000})
    page = tab.open(map_100k)
    page.locator("#map-svg").scroll_into_view_if_needed()
    whole = page.evaluate(VIEW)
    page.fill("#map-search", "gone/answer-7.html")
    dimmed = page.eval_on_selector_all("svg circle.dim", "cs => cs.length")
    bright = page.eval_on_selector_all("svg circle:not(.dim)", "cs => cs.map(c => c.id)")
    assert len(bright) == 1 and dimmed > 1000
    target = page.locator(f"#{bright[0]}")
    for _ in range(6):  # wheel-zoom on the broken page: the view box shrinks around it
        box = target.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(50)
    zoomed = page.evaluate(VIEW)
    assert zoomed[2] < whole[2] / 3
    cx = float(target.get_attribute("cx") or 0)
    cy = float(target.get_attribute("cy") or 0)
    assert zoomed[0] <= cx <= zoomed[0] + zoomed[2] and zoomed[1] <= cy <= zoomed[1] + zoomed[3]
    target.click()
    detail = page.locator(f"section.detail#{bright[0].removeprefix('c-')}")
    assert detail.is_visible()
    assert "gone/answer-7.html" in (detail.text_content() or "")
    assert "404" in (detail.text_content() or "")
    # Read as a person does: the hint gives way to the details, one "inspect" link, and a
    # long URL wraps inside the panel.
    assert page.is_hidden(".details > p.muted")
    assert detail.locator("a.inspect").count() == 1
    assert page.evaluate(
        "id => { const d = document.getElementById(id);"
        " return [...d.querySelectorAll('*')].every(e => e.scrollWidth <= d.clientWidth); }",
        bright[0].removeprefix("c-"),
    )
    box = page.locator("#map-svg").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.down()
    page.mouse.move(box["x"] + 320, box["y"] + 260, steps=5)
    page.mouse.up()
    panned = page.evaluate(VIEW)
    assert panned[2] == zoomed[2] and panned[0] < zoomed[0] and panned[1] < zoomed[1]
    assert tab.errors == []
