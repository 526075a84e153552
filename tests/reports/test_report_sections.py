"""Overview score and charts, all-URLs data, changes since the last crawl, suppressions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup
from siteaudit.reports import render_html_report
from siteaudit.reports.overview import health_score

from siteaudit.app.suppressions import Suppression, apply_suppressions
from siteaudit.core.records import Finding, Page, Severity
from tests.reports.conftest import report_model

if TYPE_CHECKING:
    from conftest import Audit, MakeAudit

SITE = "https://help.example.org"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def shard_rows(path: Path) -> list[list[object]]:
    match = re.fullmatch(r'siteauditData\("[^"]+",\d+,(.*)\);\n', path.read_text("utf-8"), re.S)
    assert match
    return json.loads(match.group(1))


def test_health_score_weighs_each_url_by_its_worst_finding() -> None:
    findings = [
        Finding("a", Severity.ERROR, "u1", "m"),
        Finding("b", Severity.NOTICE, "u1", "m"),  # u1 counts once, as an error
        Finding("c", Severity.WARNING, "u2", "m"),
    ]

    score = health_score(10, findings)

    assert score.penalty == 1.5
    assert score.score == 85
    assert score.grade == "fair"
    assert health_score(10, []).score == 100


def test_overview_shows_score_charts_and_top_problems(audit: Audit) -> None:
    doc = soup(render_html_report(audit.model(), audit.out_dir))

    assert doc.select_one("#health-score .score-value").get_text().isdigit()
    assert "worst finding" in doc.select_one("#health-score details").get_text()
    status = {g["data-label"]: int(g["data-value"]) for g in doc.select("#chart-status g")}
    assert status == {"200": 3, "301": 1, "404": 1, "500": 1, "no response (timeout)": 1}
    assert {g["data-label"] for g in doc.select("#chart-depth g")} == {"0", "1", "2"}
    sections = doc.select("#chart-sections g")
    assert sum(int(g["data-value"]) for g in sections) == len(audit.findings)
    top = [li["data-check"] for li in doc.select("#top-problems li")]
    assert top[:2] == ["broken-link", "broken-related-link"]  # errors first
    assert doc.select_one("#changes") is None  # first crawl: nothing to compare with


def test_chart_labels_from_crawled_urls_are_escaped(make_audit: MakeAudit) -> None:
    url = f"{SITE}/<svg onload=alert(1)>/x"
    audit = make_audit([Page(url, 200)], [Finding("h1-missing", Severity.WARNING, url, "m")])

    doc = soup(render_html_report(audit.model(), audit.out_dir))

    assert [svg["aria-label"] for svg in doc.find_all("svg")] == [
        "Status codes",
        "Crawl depth (clicks from the start)",
        "Findings per site section",  # response times: none recorded, no chart
    ]
    assert not doc.find_all(attrs={"onload": True})
    assert "/<svg onload=alert(1)>/" in doc.select_one("#chart-sections").get_text()


def test_all_urls_table_has_one_row_per_url_with_findings_count(audit: Audit) -> None:
    report = render_html_report(audit.model(), audit.out_dir).parent

    doc = soup(report / "urls.html")
    table = doc.select_one("[data-table=urls]")
    assert table["data-shards"] == "1" and table["data-rows"] == "7"
    rows = shard_rows(report / "data" / "urls-1.js")
    by_url = {row[0][0] if isinstance(row[0], list) else row[0]: row for row in rows}
    assert by_url[f"{SITE}/a"][9] == 3  # findings on /a
    assert by_url[f"{SITE}/slow"][1] == "timeout"
    assert len(doc.select("tbody tr")) == 7  # preview rows without JavaScript


def test_second_crawl_shows_changes_since_the_first(make_audit: MakeAudit, audit: Audit) -> None:
    audit.store.replace_findings(audit.crawl_id, audit.findings)
    kept = [f for f in audit.findings if f.check != "broken-link"]
    new = Finding("h1-missing", Severity.WARNING, f"{SITE}/b", "No H1")
    second = make_audit(
        [Page(f"{SITE}/", 200, title="Help centre"), Page(f"{SITE}/b", 200, title="Billing v2")],
        [*kept, new],
    )

    index = render_html_report(second.model(), second.out_dir)

    cards = {
        c.select_one(".label").get_text(): int(c.select_one(".value").get_text())
        for c in soup(index).select("#changes .card")
    }
    assert cards["new findings"] == 1
    assert cards["fixed"] == 2
    assert cards["titles changed"] == 1
    assert cards["pages removed"] == 5
    rows = shard_rows(index.parent / "data" / "changes-findings-1.js")
    assert [r[0] for r in rows] == ["new", "fixed", "fixed"]


def test_suppressed_findings_are_listed_apart_and_not_counted(audit: Audit) -> None:
    rule = Suppression("broken-link", "wontfix", url=f"{SITE}/", reason="legacy <b>page</b>")
    result = apply_suppressions(audit.findings, [rule])

    model = report_model(audit.store, audit.crawl_id, result.kept, result)
    index = render_html_report(model, audit.out_dir)

    doc = soup(index)
    assert "1 finding hidden by the suppression file" in doc.select_one("#top-problems").get_text()
    broken = doc.select_one("#checks tr[data-check=broken-link] .findings").get_text()
    assert broken == "1"
    rows = shard_rows(index.parent / "data" / "suppressed-1.js")
    assert rows == [
        [
            "wontfix",
            "error",
            "broken-link",
            f"{SITE}/",
            "Link to a page that answers 404",
            f"broken-link @ {SITE}/",
            "legacy <b>page</b>",
        ]
    ]
    assert soup(index.parent / "suppressed.html").find("b") is None


def test_site_statistics_are_shown_when_given(audit: Audit) -> None:
    model = audit.model()
    model.site_stats = {"related_clusters": 4, "median_inlinks": 2.5}
    index = render_html_report(model, audit.out_dir)

    rows = {r.th.get_text(): r.td.get_text() for r in soup(index).select("#site-stats tr")}
    assert rows == {"Related clusters": "4", "Median inlinks": "2.50"}
