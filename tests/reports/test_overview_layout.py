"""Overview: site statistics as tables (no JSON), depth in numeric order and as the chart."""

from __future__ import annotations

from bs4 import BeautifulSoup
from siteaudit.reports import render_html_report
from siteaudit.reports.overview import depth_chart

from siteaudit.core.records import Page
from tests.reports.conftest import SITE, Audit


def test_depth_chart_sorts_depths_as_numbers_and_merges_the_deep_ones() -> None:
    histogram = {"0": 1, "1": 18, "10": 2, "11": 1, "2": 40, "9": 3}
    chart = depth_chart([], histogram)
    assert [(r.label, r.total) for r in chart.rows] == [
        ("0", 1),
        ("1", 18),
        ("2", 40),
        ("3", 0),
        ("4", 0),
        ("5", 0),
        ("6", 0),
        ("7", 0),
        ("8", 0),
        ("9", 3),
        ("10+", 3),
    ]
    # without the graph's histogram: the pages' crawl depth
    pages = [
        Page("a", 200, depth=0),
        Page("b", 200, depth=2),
        Page("c", 200, resource_type="asset"),
    ]
    assert [r.total for r in depth_chart(pages).rows] == [1, 0, 1]


def test_site_statistics_show_top_pages_and_depth_as_tables(audit: Audit) -> None:
    model = audit.model()
    top_pages = [{"url": f"{SITE}/b", "title": "Billing", "score": 71.5}]
    model.site_stats = {**(model.site_stats or {}), "top_pages": top_pages}
    index = render_html_report(model, audit.out_dir)
    doc = BeautifulSoup(index.read_text("utf-8"), "html.parser")
    stats = doc.select_one("#site-stats").get_text()
    assert "{" not in stats and "Top pages" not in stats and "Depth histogram" not in stats
    depth_rows = [
        [c.get_text(strip=True) for c in tr.select("th, td")]
        for tr in doc.select("#depth-histogram tbody tr")
    ]
    chart_rows = [
        [g["data-label"], g.select_one("text.chart-value").get_text(strip=True)]
        for g in doc.select("#chart-depth g.bar-row")
    ]
    assert depth_rows and depth_rows == chart_rows
    assert [int(r[0].rstrip("+")) for r in depth_rows] == sorted(
        int(r[0].rstrip("+")) for r in depth_rows
    )
    top = [
        [td.get_text(strip=True) for td in tr.select("td")]
        for tr in doc.select("#top-pages-table tbody tr")
    ]
    assert top == [[f"{SITE}/b", "Billing", "71.50"]]


def test_checks_are_ordered_by_severity_then_pages_affected(audit: Audit) -> None:
    index = render_html_report(audit.model(), audit.out_dir)
    doc = BeautifulSoup(index.read_text("utf-8"), "html.parser")
    rows = [
        (tr.select_one(".sev").get_text(), int(tr.select_one("td.pages").get_text()))
        for tr in doc.select("#checks tbody tr")
    ]
    rank = {"error": 0, "warning": 1, "notice": 2}
    assert rows == sorted(rows, key=lambda r: (rank[r[0]], -r[1]))
