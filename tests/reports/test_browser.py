"""The report in a real headless Chromium (Debian's, driven by Playwright), from file://.

Loads with no console errors, tables sort/filter/paginate/download, the editor view shows
the demo site's planted problems, and crawled markup never runs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from siteaudit.reports import render_html_report

from siteaudit.core.records import Finding, Page, Severity
from siteaudit.store import Store
from tests.browser import Tab
from tests.helpers import REPO, run_siteaudit
from tests.reports.conftest import report_model

FILTERED = (
    "() => document.querySelector(\"[data-table='urls'] .dt-status\")"
    ".textContent.includes('filtered')"
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = run_siteaudit("demo", "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    return out


def test_report_pages_load_without_errors_or_network_requests(demo: Path, tab: Tab) -> None:
    report = demo / "report"
    pages = [
        report / "index.html",
        report / "urls.html",
        report / "suppressed.html",
        report / "editor" / "index.html",
        report / "pages" / "1.html",
        *sorted((report / "checks").glob("*.html")),
        *sorted((report / "editor").glob("faq-*.html"))[:2],
    ]
    for path in pages:
        tab.open(path)
        for table in tab.page.eval_on_selector_all(
            "[data-table]", "els => els.map(e => e.dataset.table)"
        ):
            tab.wait_ready(table)
    assert tab.errors == []
    assert [u for u in tab.requests if not u.startswith(("file://", "blob:"))] == []


def test_all_urls_table_paginates_sorts_and_filters(demo: Path, tab: Tab) -> None:
    tab.open(demo / "report" / "urls.html")
    tab.wait_ready("urls")
    total = int(tab.page.get_attribute("[data-table='urls']", "data-rows"))
    assert total > 100

    assert tab.status("urls").startswith(f"Rows 1–50 of {total}")
    assert len(tab.column("urls", 0)) == 50
    tab.page.click("[data-table='urls'] .dt-pager button:has-text('Next')")
    assert tab.status("urls").startswith(f"Rows 51–100 of {total}")

    status_header = "[data-table='urls'] th[data-key='status'] button"
    tab.page.click(status_header)
    tab.page.click(status_header)  # descending
    statuses = tab.column("urls", 1)
    numeric = [int(s) for s in statuses if s.isdigit()]
    assert numeric == sorted(numeric, reverse=True) and numeric[0] >= 400
    assert (
        tab.page.get_attribute("[data-table='urls'] th[data-key='status']", "aria-sort")
        == "descending"
    )

    tab.page.fill("[data-table='urls'] input[type=search]", "calendar")
    tab.page.wait_for_function(FILTERED)
    urls = tab.column("urls", 0)
    assert urls and all("calendar" in u.lower() for u in urls)
    assert tab.errors == []


def test_csv_download_has_the_filtered_rows(demo: Path, tab: Tab) -> None:
    tab.open(demo / "report" / "urls.html")
    tab.wait_ready("urls")
    tab.page.fill("[data-table='urls'] input[type=search]", "/faq/cod/")
    tab.page.wait_for_function(FILTERED)
    shown = int(tab.status("urls").split(" of ")[1].split()[0])

    with tab.page.expect_download() as info:
        tab.page.click("[data-table='urls'] button.dt-csv")
    text = Path(info.value.path()).read_text(encoding="utf-8-sig")

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["URL", "Status", "Type"]
    assert len(rows) - 1 == shown > 0
    assert all("/faq/cod/" in "".join(r) for r in rows[1:])
    assert info.value.suggested_filename == "urls.csv"


def test_editor_view_shows_the_demo_sites_planted_problems(demo: Path, tab: Tab) -> None:
    planted = json.loads((REPO / "tools/demo_site/planted.json").read_text("utf-8"))
    reported = {
        f["check"] for f in json.loads((demo / "findings.json").read_text("utf-8"))["findings"]
    }
    index = tab.open(demo / "report" / "editor" / "index.html")
    files = index.eval_on_selector_all(
        "#editor-sections td:first-child > a", "as => as.map(a => a.href)"
    )
    shown: dict[str, set[str]] = {}
    for href in files:
        tab.page.goto(href)
        for url, checks in tab.page.eval_on_selector_all(
            "article.editor-page",
            "arts => arts.map(a => [a.dataset.url,"
            " [...a.querySelectorAll('li')].map(li => li.dataset.check)])",
        ):
            shown[url.split("/", 3)[3]] = set(checks)

    expected = []
    for problem in planted["problems"]:
        check = problem["kind"]
        if check == "broken-link" and problem.get("region") == "related":
            check = "broken-related-link"
        # "url" is the URL at fault (a redirect); "page" the page that shows the problem
        where = problem.get("url") or problem.get("page")
        if check in reported and isinstance(where, str):
            expected.append((where.lstrip("/"), check))
    assert len(expected) >= 15
    missing = [(page, check) for page, check in expected if check not in shown.get(page, set())]
    assert missing == []
    assert tab.errors == []


def test_crawled_script_and_markup_never_execute(tmp_path: Path, tab: Tab) -> None:
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
    site = "https://help.example.org"
    url = f"{site}/a?q=<script>window.__xss=1</script>"
    with Store.in_folder(tmp_path) as store:
        crawl = store.begin_crawl([f"{site}/"], {})
        store.add_pages(crawl, [Page(url, 200, title=payload, h1=[payload]), Page(f"{site}/", 200)])
        store.finish_crawl(crawl, "finished", {})
        findings = [
            Finding(
                "broken-link",
                Severity.ERROR,
                url,
                payload,
                snippet=payload,
                evidence={"target": "javascript:window.__xss=1", "anchor": payload},
            ),
            Finding("title-duplicate", Severity.WARNING, url, payload, snippet=payload),
        ]
        report = render_html_report(report_model(store, crawl, findings), tmp_path).parent

    for path in (
        report / "index.html",
        report / "urls.html",
        report / "checks" / "broken-link.html",
        *sorted((report / "editor").glob("*.html")),
        report / "pages" / "1.html",
    ):
        page = tab.open(path)
        for table in page.eval_on_selector_all(
            "[data-table]", "els => els.map(e => e.dataset.table)"
        ):
            tab.wait_ready(table)
        assert page.evaluate("() => window.__xss") is None, path
        assert page.query_selector("img") is None, path
    page = tab.open(report / "urls.html")
    tab.wait_ready("urls")
    assert payload in page.text_content("[data-table='urls'] tbody")
    page = tab.open(report / "checks" / "broken-link.html")
    tab.wait_ready("check-broken-link")
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert tab.errors == []


def test_a_linked_target_is_one_row_whose_linking_places_expand(demo: Path, tab: Tab) -> None:
    groups = [
        g
        for g in json.loads((demo / "findings.json").read_text(encoding="utf-8"))["groups"]
        if g["check"] == "noindex-linked-as-related"
    ]
    assert groups and sum(g["findings"] for g in groups) > len(groups)
    tab.open(demo / "report" / "checks" / "noindex-linked-as-related.html")
    table = tab.page.get_attribute("[data-table]", "data-table")
    assert table
    tab.wait_ready(table)
    assert tab.status(table).startswith(f"Rows 1–{min(50, len(groups))} of {len(groups)}")
    assert [int(n) for n in tab.column(table, 3)] == [g["inlinks"] for g in groups][:50]

    places = tab.page.locator(f"[data-table='{table}'] details.places").first
    assert not places.evaluate("d => d.open")
    places.locator("summary").click()
    assert places.evaluate("d => d.open")
    assert places.locator("li a.page-entry").count() == len(groups[0]["places"])
    assert tab.errors == []
