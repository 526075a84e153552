"""Unique-URL views in Chromium: the response-codes tabs, the inspector, the URL search,
on the demo report and on a generated 100,000-URL crawl (open < 3 s, search < 300 ms).

The 100,000-URL report is built straight from generated pages and links through the
renderer's URL-view writer (crawling and analysing 100,000 pages would take minutes); the
files and the script are the ones a real report uses.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from siteaudit.reports.data_tables import write_table
from siteaudit.reports.environment import make_environment
from siteaudit.reports.html import ASSET_DIR
from siteaudit.reports.html_sections import dump
from siteaudit.reports.link_index import LinkIndex
from siteaudit.reports.url_views import (
    RESPONSE_COLUMNS,
    all_urls,
    response_rows,
    write_url_data,
)

from siteaudit.core.records import CrawlRun, Link, Page
from siteaudit.core.version import __version__
from tests.browser import Tab
from tests.helpers import run_siteaudit

SCALE_PAGES = 100_000
SITE = "https://big.example.org"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = run_siteaudit("demo", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out / "report"


def _start(report: Path) -> str:
    return (report / "index.html").read_text("utf-8").split('class="url" href="')[1].split('"')[0]


def test_response_codes_tabs_show_one_class_with_inlink_counts(demo: Path, tab: Tab) -> None:
    page = tab.open(demo / "responses.html")
    tab.wait_ready("responses")
    total = int(page.get_attribute("[data-table='responses']", "data-rows") or 0)
    page.click(".dt-tab[data-value='4xx']")
    classes = tab.column("responses", 1)
    assert classes and set(classes) == {"4xx"}
    assert f"filtered from {total}" in tab.status("responses")
    assert all(int(n) >= 1 for n in tab.column("responses", 4))  # every 4xx URL is linked
    page.click(".dt-tab[data-value='']")
    assert tab.status("responses").startswith(f"Rows 1–50 of {total}")
    assert tab.errors == []


def test_inspector_lists_every_page_linking_to_a_broken_url(demo: Path, tab: Tab) -> None:
    page = tab.open(demo / "responses.html")
    tab.wait_ready("responses")
    page.click(".dt-tab[data-value='4xx']")
    page.click("[data-table='responses'] tbody tr:first-child a.inspect")
    page.wait_for_selector("#inspector[data-state='ready']")
    assert "/inspect.html#url=" in page.url
    status = page.text_content("#inspector .inspector-facts dd")
    assert status and status.startswith("4")
    rows = page.eval_on_selector_all(
        "#inspector-inlinks tbody tr", "rs => rs.map(r => [...r.children].map(c => c.textContent))"
    )
    assert rows and all(r[0].startswith("http") and r[1] and r[2] for r in rows)
    assert page.locator("#inspector-about li").count() >= 1
    assert tab.errors == []


def test_inspector_follows_redirect_hops_and_shows_indexability(demo: Path, tab: Tab) -> None:
    page = tab.open(demo / "responses.html")
    tab.wait_ready("responses")
    page.click(".dt-tab[data-value='3xx']")
    page.click("[data-table='responses'] tbody tr:first-child a.inspect")
    page.wait_for_selector("#inspector[data-state='ready']")
    hops = page.eval_on_selector_all("#inspector-hops li", "ls => ls.map(l => l.textContent)")
    assert len(hops) >= 2 and " — 3" in hops[0]
    assert page.text_content("#inspector-indexability dd")
    # every URL on the inspector leads to its own inspection
    page.click("#inspector-hops li:last-child a")
    page.wait_for_function("() => document.querySelector('#inspector h2').textContent !== ''")
    page.wait_for_selector("#inspector[data-state='ready']")
    assert page.text_content("#inspector .inspector-title") == hops[-1].split(" — ")[0]
    assert tab.errors == []


def test_every_url_in_the_per_page_view_and_editor_can_be_inspected(demo: Path, tab: Tab) -> None:
    for path in (demo / "pages" / "1.html", demo / "checks" / "broken-link.html"):
        page = tab.open(path)
        for table in page.eval_on_selector_all("[data-table]", "e => e.map(x => x.dataset.table)"):
            tab.wait_ready(table)
        counts = page.evaluate(
            "() => [...document.querySelectorAll('main .url')]"
            ".filter(u => /^https?:/.test(u.textContent.trim()) && !u.closest('.places')).length"
        )
        links = page.locator("main a.inspect").count()
        assert counts > 0 and links >= counts * 0.9, path
    href = page.get_attribute("main a.inspect", "href") or ""
    assert href.startswith("../inspect.html#url=http")
    assert tab.errors == []


def test_search_box_finds_urls_and_titles_from_any_page(demo: Path, tab: Tab) -> None:
    page = tab.open(demo / "index.html")
    page.fill("#url-search", "cod rates")
    page.wait_for_selector("#url-search-results[data-matches]")
    results = page.eval_on_selector_all(
        "#url-search-results li a", "as => as.map(a => a.textContent)"
    )
    assert any("cod-rates-2023" in r for r in results)
    page.press("#url-search", "Enter")
    page.wait_for_selector("#inspector[data-state='ready']")
    assert "cod-rates" in (page.text_content("#inspector .inspector-title") or "")
    assert tab.errors == []


# -- 100,000 URLs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = tmp_path_factory.mktemp("big") / "report"
    (report / "data").mkdir(parents=True)
    (report / "assets").mkdir()
    shutil.copyfile(ASSET_DIR / "report.js", report / "assets" / "report.js")
    pages: dict[str, Page] = {}
    links: list[Link] = []
    for i in range(SCALE_PAGES):
        url = f"{SITE}/section-{i % 40}/article-{i:06d}.html"
        status = 404 if i % 97 == 0 else 301 if i % 89 == 0 else 200
        pages[url] = Page(
            url,
            status,
            content_type="text/html",
            is_html=True,
            title=f"Article {i} in section {i % 40}",
            depth=1 + i % 6,
            location=f"{SITE}/section-0/article-000001.html" if status == 301 else None,
        )
        for n, j in enumerate(((i + 1) % SCALE_PAGES, (i * 7 + 13) % SCALE_PAGES)):
            target = f"{SITE}/section-{j % 40}/article-{j:06d}.html"
            links.append(Link(url, target, text=f"anchor {n}", region="main", position=n))
        if i % 500 == 1:  # 200 pages link to the 404 at article 0
            target = f"{SITE}/section-0/article-000000.html"
            links.append(Link(url, target, text="the missing one", region="related", position=3))
    index = LinkIndex.build(links)
    urls = all_urls(pages, index)
    data = write_url_data(
        report / "data", urls, pages, index, {}, {}, lambda c: None, lambda u: None
    )
    table = write_table(
        report / "data",
        "responses",
        RESPONSE_COLUMNS,
        response_rows(urls, pages, index, {}, lambda u: None),
    )
    run = CrawlRun(1, "2026-12-05T10:00:00+00:00", None, "finished", [f"{SITE}/"], {})
    common: dict[str, object] = {
        "run": run,
        "version": __version__,
        "site_label": f"{SITE}/",
        "shard_count": 0,
        "url_shards": data.url_shards,
        "search_shards": data.search_shards,
    }
    env = make_environment()
    dump(env, "inspect.html", report / "inspect.html", common, root="")
    dump(
        env,
        "responses.html",
        report / "responses.html",
        common,
        root="",
        table=table,
        url_data=data,
        uses_tables=True,
    )
    return report


def test_inspector_opens_in_under_3_s_at_100k_urls(big_report: Path, tab: Tab) -> None:
    url = f"{SITE}/section-0/article-000000.html"  # a 404 several pages link to
    started = time.perf_counter()
    tab.page.goto(f"{(big_report / 'inspect.html').as_uri()}#url={quote(url, safe='')}")
    tab.page.wait_for_selector("#inspector[data-state='ready']", timeout=10000)
    elapsed = time.perf_counter() - started
    print(f"inspector open at 100k URLs: {elapsed * 1000:.0f} ms")
    assert elapsed < 3.0, f"inspector took {elapsed:.2f} s"
    assert (tab.page.text_content("#inspector .inspector-facts dd") or "").startswith("404")
    assert tab.page.locator("#inspector-inlinks tbody tr").count() == 100  # of 202, capped
    shown = tab.page.text_content("#inspector-inlinks") or ""
    assert "the first 100 of 202 linking places" in shown
    assert tab.errors == []


def test_search_answers_in_under_300_ms_at_100k_urls(big_report: Path, tab: Tab) -> None:
    page = tab.open(big_report / "inspect.html")
    started = time.perf_counter()
    page.focus("#url-search")  # loads the search shards
    page.wait_for_function(
        "() => document.querySelectorAll('script[src*=\"data/search-\"]').length === "
        "Number(document.body.dataset.searchShards)"
    )
    page.fill("#url-search", "article-09999")
    page.wait_for_selector("#url-search-results[data-matches]", timeout=10000)
    first_s = time.perf_counter() - started
    assert page.get_attribute("#url-search-results", "data-matches") == "10"
    timings = []
    for query in ("section-17 article-0123", "article 4242", "section-3/article-0999"):
        page.evaluate(
            "() => document.getElementById('url-search-results').removeAttribute('data-matches')"
        )
        t = time.perf_counter()
        page.fill("#url-search", query)
        page.wait_for_selector("#url-search-results[data-matches]", timeout=5000)
        # wall time includes the 60 ms typing pause; the scan itself is data-search-ms
        timings.append(
            (
                time.perf_counter() - t,
                int(page.get_attribute("#url-search-results", "data-search-ms") or 0),
            )
        )
    print(f"first search incl. loading 100k URLs: {first_s * 1000:.0f} ms; then {timings}")
    assert first_s < 3.0, f"first search (loading 100,000 URLs) took {first_s:.2f} s"
    assert all(wall < 0.3 + 0.06 and scan < 300 for wall, scan in timings), timings
    assert tab.errors == []


def test_response_codes_page_shows_first_rows_in_under_3_s_at_100k_urls(
    big_report: Path, tab: Tab
) -> None:
    started = time.perf_counter()
    tab.page.goto((big_report / "responses.html").as_uri())
    tab.page.wait_for_function(
        "() => /Rows 1/.test(document.querySelector('[data-table] .dt-status').textContent)",
        timeout=10000,
    )
    elapsed = time.perf_counter() - started
    print(f"response codes first rows at 100k URLs: {elapsed * 1000:.0f} ms")
    assert elapsed < 3.0, f"first rows after {elapsed:.2f} s"
    tab.wait_ready("responses")
    tab.page.click(".dt-tab[data-value='4xx']")
    assert set(tab.column("responses", 1)) == {"4xx"}
    assert tab.errors == []


def test_response_codes_table_filters_sorts_and_keeps_its_state_at_100k_urls(
    big_report: Path, tab: Tab
) -> None:
    zero = f"{SITE}/section-0/article-000000.html"  # the 404 that 202 places link to
    page = tab.open(big_report / "responses.html")
    tab.wait_ready("responses")
    status = "[data-table='responses'] .dt-status"
    page.select_option(
        "[data-table='responses'] select[aria-label='Column to filter']", label="in Linking pages"
    )
    started = time.perf_counter()
    page.fill("[data-table='responses'] input[type=search]", ">100")
    page.wait_for_function(
        f"() => document.querySelector(\"{status}\").textContent.includes('filtered')"
    )
    filtered_s = time.perf_counter() - started
    # a URL cell reads "URL inspect visit"
    assert [u.split()[0] for u in tab.column("responses", 0)] == [zero]
    page.fill("[data-table='responses'] input[type=search]", "")
    page.wait_for_function(
        f"() => !document.querySelector(\"{status}\").textContent.includes('filtered')"
    )
    sort = page.locator("[data-table='responses'] th[data-key='inlinks'] button.dt-sort")
    started = time.perf_counter()
    sort.click()
    sort.click()  # descending: the most linked-to URL first
    page.wait_for_function(
        "() => document.querySelector(\"[data-table='responses'] tbody tr td\")"
        ".textContent.includes('article-000000')"
    )
    sorted_s = time.perf_counter() - started
    print(f"100k rows: numeric filter {filtered_s * 1000:.0f} ms, sort {sorted_s * 1000:.0f} ms")
    assert filtered_s < 1.0 and sorted_s < 1.0, (filtered_s, sorted_s)
    inlinks = [int(n.replace(",", "")) for n in tab.column("responses", 4)]
    assert inlinks[0] == 202 and inlinks == sorted(inlinks, reverse=True)
    page.click("[data-table='responses'] .dt-columns summary")
    page.uncheck("[data-table='responses'] .dt-columns input[data-column='type']")
    assert "s:inlinks:desc" in page.url and "h:type" in page.url
    page.reload()
    tab.wait_ready("responses")
    assert tab.column("responses", 0)[0].split()[0] == zero
    assert page.is_hidden("[data-table='responses'] th[data-key='type']")
    assert tab.errors == []
