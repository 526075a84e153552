"""Report tables and overview in Chromium: numeric filters, state in the URL, a readable Fix
column, a sticky header, evidence in words, no overflow at laptop widths, editor search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import Tab
from tests.helpers import run_siteaudit
from tests.reports.test_browser import FILTERED


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = run_siteaudit("demo", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out / "report"


@pytest.mark.parametrize("width", [1280, 1400])
def test_overview_fits_the_window_at_laptop_widths(demo: Path, tab: Tab, width: int) -> None:
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.open(demo / "index.html")
    scroll, client = tab.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"overview is {scroll} px wide in a {client} px window"
    wide = tab.page.evaluate(
        "() => [...document.querySelectorAll('main section, main table')]"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
        ".map(e => e.id || e.className || e.tagName)"
    )
    assert wide == []
    assert tab.errors == []


def test_numeric_filter_keeps_rows_passing_the_test(demo: Path, tab: Tab) -> None:
    tab.open(demo / "urls.html")
    tab.wait_ready("urls")
    tab.page.select_option(
        "[data-table='urls'] select[aria-label='Column to filter']", label="in Depth"
    )
    tab.page.fill("[data-table='urls'] input[type=search]", ">3")
    tab.page.wait_for_function(FILTERED)
    depths = [int(d) for d in tab.column("urls", 3)]
    assert depths and all(d > 3 for d in depths)
    tab.page.fill("[data-table='urls'] input[type=search]", "1..2")
    tab.page.wait_for_function(
        "() => !document.querySelector(\"[data-table='urls'] .dt-status\").textContent"
        ".includes('Rows 1–0')"
    )
    tab.page.wait_for_timeout(300)
    depths = [int(d) for d in tab.column("urls", 3)]
    assert depths and set(depths) <= {1, 2}
    assert tab.errors == []


def test_table_state_is_kept_in_the_url_and_restored(demo: Path, tab: Tab) -> None:
    tab.open(demo / "urls.html")
    tab.wait_ready("urls")
    tab.page.fill("[data-table='urls'] input[type=search]", "faq")
    tab.page.wait_for_function(FILTERED)
    tab.page.click("[data-table='urls'] th[data-key='words'] button")
    tab.page.click("[data-table='urls'] th[data-key='words'] button")
    tab.page.click("[data-table='urls'] .dt-pager button:has-text('Next')")
    url = tab.page.url
    assert "#urls=" in url and "q:faq" in url and "s:words:desc" in url and "p:2" in url
    expected = tab.column("urls", 0)

    other = Tab(tab.page.context.browser)
    try:
        other.page.goto(url)
        other.wait_ready("urls")
        assert other.page.input_value("[data-table='urls'] input[type=search]") == "faq"
        assert (
            other.page.get_attribute("[data-table='urls'] th[data-key='words']", "aria-sort")
            == "descending"
        )
        assert other.status("urls").startswith("Rows 51–")
        assert other.column("urls", 0) == expected
        assert other.errors == []
    finally:
        other.page.close()


def test_check_table_fix_column_is_readable_and_header_sticks(demo: Path, tab: Tab) -> None:
    tab.page.set_viewport_size({"width": 1280, "height": 800})
    tab.open(demo / "checks" / "broken-related-link.html")
    table = tab.page.get_attribute("[data-table]", "data-table")
    tab.wait_ready(table)
    width = tab.page.evaluate(
        "() => document.querySelector('th.col-fix').getBoundingClientRect().width"
    )
    assert width >= 200, f"the Fix column is {width} px wide"
    fix = tab.page.eval_on_selector("td.col-fix", "td => getComputedStyle(td).whiteSpace")
    assert fix == "normal"
    stuck = tab.page.evaluate(
        "() => { const box = document.querySelector('.datatable');"
        " box.scrollTop = 400;"
        " return Math.abs(document.querySelector('.datatable thead th').getBoundingClientRect().top"
        " - box.getBoundingClientRect().top) < 2 || box.scrollHeight <= box.clientHeight; }"
    )
    assert stuck
    assert tab.errors == []


def test_evidence_reads_as_words_on_every_check_page(demo: Path, tab: Tab) -> None:
    for path in sorted((demo / "checks").glob("*.html")):
        tab.open(path)
        table = tab.page.get_attribute("[data-table]", "data-table")
        tab.wait_ready(table)
        evidence = tab.page.eval_on_selector_all(
            "td.col-lines", "tds => tds.map(td => td.textContent)"
        )
        assert all("{" not in e and '["' not in e and '":' not in e for e in evidence), path
    assert tab.errors == []


def test_editor_index_finds_a_page_by_title_or_url(demo: Path, tab: Tab) -> None:
    section = sorted(p for p in (demo / "editor").glob("*.html") if p.name != "index.html")[-1]
    page = tab.open(section)
    articles = page.eval_on_selector_all(
        "article.editor-page",
        "as => as.map(a => [a.dataset.url, a.querySelector('h2').textContent])",
    )
    url, title = articles[-1]
    page = tab.open(demo / "editor" / "index.html")
    for query, wanted in ((url.rstrip("/").rsplit("/", 1)[-1], url), (title.lower(), url)):
        page.fill("#editor-search", query)
        page.wait_for_selector("#editor-search-results[data-matches]")
        results = page.eval_on_selector_all(
            "#editor-search-results li", "ls => ls.map(l => l.textContent)"
        )
        assert any(wanted in r for r in results), (query, results)
        page.evaluate(
            "() => document.getElementById('editor-search-results').removeAttribute('data-matches')"
        )
    link = page.locator("#editor-search-results li a", has_text=title).first
    link.click()
    # The click only starts the navigation to the section file: page.url is still the
    # index's until it commits, and wait_for_load_state would answer for the index.
    page.wait_for_url(re.compile(r"/editor/[^/#]+\.html#page-\d+$"))
    page.wait_for_load_state("load")
    target = page.url.split("#")[1]
    assert page.get_attribute(f"#{target}", "data-url") == url
    assert page.evaluate(
        f"() => {{ const r = document.getElementById('{target}').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    ), "the page's entry is not scrolled into view"
    assert tab.errors == []


def test_column_chooser_hides_a_column_everywhere_and_remembers_it(demo: Path, tab: Tab) -> None:
    tab.open(demo / "urls.html")
    tab.wait_ready("urls")
    tab.page.click("[data-table='urls'] .dt-columns summary")
    tab.page.uncheck("[data-table='urls'] .dt-columns input[data-column='type']")
    assert tab.page.is_hidden("[data-table='urls'] th[data-key='type']")
    assert tab.page.eval_on_selector_all(
        "[data-table='urls'] tbody tr", "rs => rs.every(r => r.children[2].hidden)"
    )
    assert "h:type" in tab.page.url
    with tab.page.expect_download() as info:
        tab.page.click("[data-table='urls'] button.dt-csv")
    header = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("URL,Status,Depth,")
    tab.page.reload()
    tab.wait_ready("urls")
    assert tab.page.is_hidden("[data-table='urls'] th[data-key='type']")
    assert tab.errors == []
