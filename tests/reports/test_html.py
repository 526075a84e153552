"""The HTML report: parsed with BeautifulSoup and checked against the findings given."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from siteaudit.reports import render_html_report
from siteaudit.reports.html import PAGES_PER_SHARD, PageLocator, http_href

from siteaudit.core.checks import check_spec
from siteaudit.core.records import Finding, Page, Severity

if TYPE_CHECKING:  # fixtures' types; pytest loads conftest itself
    from conftest import Audit, MakeAudit

SITE = "https://help.example.org"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


OUTPUT_FILES = ["report", "worklist.csv", "worklist.json"]
ASSET_SRC = {True: "assets/report.js", False: "../assets/report.js"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def render(audit: Audit, template_dir: Path | None = None) -> Path:
    return render_html_report(audit.model(), audit.out_dir, template_dir=template_dir)


def shard_rows(path: Path) -> list[list[object]]:
    """The rows a data shard file hands to siteauditData(id, n, rows)."""
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r'siteauditData\("[^"]+",\d+,(.*)\);\n', text, re.DOTALL)
    assert match, text[:80]
    return json.loads(match.group(1))


def table_counts(doc: BeautifulSoup, table_id: str) -> dict[str, int]:
    rows = doc.select(f"#{table_id} tr")
    return {r.th.get_text(strip=True): int(r.td.get_text(strip=True)) for r in rows}


def page_sections(report: Path) -> dict[str, tuple[str, BeautifulSoup]]:
    """URL -> (shard file name, section) over every shard of the per-page view."""
    found = {}
    for shard in sorted((report / "pages").glob("*.html")):
        for section in soup(shard).select("section.page"):
            url = section.h2.select_one(".url").get_text()
            found[url] = (shard.name, section)
    return found


def test_render_returns_index_under_report_folder(audit: Audit) -> None:
    index = render(audit)

    assert index == audit.out_dir / "report" / "index.html"
    assert index.is_file()


def test_overview_severity_counts_match_findings(audit: Audit) -> None:
    doc = soup(render(audit))

    expected = Counter(str(f.severity) for f in audit.findings)
    assert table_counts(doc, "severity-counts") == {str(s): expected[str(s)] for s in Severity}


def test_overview_checks_table_counts_findings_and_pages_worst_first(audit: Audit) -> None:
    doc = soup(render(audit))

    rows = doc.select("#checks tbody tr")
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in audit.findings:
        by_check[f.check].append(f)
    assert {r["data-check"] for r in rows} == set(by_check)
    for row in rows:
        items = by_check[row["data-check"]]
        assert int(row.select_one(".findings").get_text()) == len(items)
        assert int(row.select_one(".pages").get_text()) == len({f.url for f in items})
        assert check_spec(row["data-check"]).title in row.get_text()
        assert row.a["href"] == f"checks/{row['data-check']}.html"
    ranks = [Severity(row.select_one(".sev").get_text()).rank for row in rows]
    assert ranks == sorted(ranks)


def test_overview_counts_urls_by_status_class(audit: Audit) -> None:
    doc = soup(render(audit))

    assert table_counts(doc, "status-counts") == {
        "2xx": 3,
        "3xx": 1,
        "4xx": 1,
        "5xx": 1,
        "network error": 1,
    }


def test_overview_shows_crawl_and_its_statistics(audit: Audit) -> None:
    text = soup(render(audit)).get_text(" ")

    for expected in ("Pages crawled", "Duration (seconds)", "12.50", "Pages per second", "0.56"):
        assert expected in text
    assert f"{SITE}/" in text
    assert "finished" in text


def test_each_check_page_lists_exactly_its_urls(audit: Audit) -> None:
    report = render(audit).parent

    by_check: dict[str, list[str]] = defaultdict(list)
    for f in audit.findings:
        by_check[f.check].append(f.url)
    assert {p.stem for p in (report / "checks").glob("*.html")} == set(by_check)
    for check, urls in by_check.items():
        doc = soup(report / "checks" / f"{check}.html")
        # a target's linking places read 'url:line:col "anchor"'
        listed = [a.get_text().split(' "')[0] for a in doc.select("table.findings a.page-entry")]
        assert sorted(listed) == sorted(urls)


def test_a_check_about_link_targets_shows_one_row_per_target_with_its_linking_pages(
    audit: Audit,
) -> None:
    report = render(audit).parent
    doc = soup(report / "checks" / "broken-link.html")

    rows = doc.select("table.findings tbody tr")
    assert len(rows) == 1  # two pages link to /gone: one target
    cells = [td.get_text(" ", strip=True) for td in rows[0].select("td")]
    assert cells[1].startswith(f"{SITE}/gone") and cells[3] == "2"
    places = rows[0].select("details.places li")
    assert [li.get_text() for li in places] == [f'{SITE}/ "how to"', f"{SITE}/a"]
    assert "1 distinct target linked from 2 pages (2 links)" in doc.get_text(" ")
    overview = soup(report / "index.html")
    row = overview.select_one('#checks tr[data-check="broken-link"]')
    assert row is not None and row.select_one("td.targets").get_text(strip=True) == "1"
    # a check about the page itself keeps one row per finding
    title_row = overview.select_one('#checks tr[data-check="title-duplicate"] td.targets')
    assert title_row is not None and title_row.get_text(strip=True) == "—"


def test_check_page_explains_why_and_how_to_fix(audit: Audit) -> None:
    report = render(audit).parent
    info = check_spec("broken-related-link")

    text = soup(report / "checks" / "broken-related-link.html").get_text(" ")

    assert info.title in text
    assert info.why in text
    assert info.fix in text
    assert "Recommended article answers 500" in text
    assert f"{SITE}/crash" in text  # evidence target


def test_check_page_links_each_url_to_its_entry_in_the_page_view(audit: Audit) -> None:
    report = render(audit).parent
    sections = page_sections(report)

    doc = soup(report / "checks" / "broken-link.html")
    links = doc.select("a.page-entry")
    assert len(links) == 2
    for link in links:
        shard, section = sections[link.get_text().split(' "')[0]]
        assert link["href"] == f"../pages/{shard}#{section['id']}"


def test_page_view_lists_each_pages_findings(audit: Audit) -> None:
    sections = page_sections(render(audit).parent)

    expected: dict[str, list[str]] = defaultdict(list)
    for f in audit.findings:
        expected[f.url].append(f.message)
    assert set(sections) == {p.url for p in audit.store.pages(audit.crawl_id)}
    for url, (_, section) in sections.items():
        shown = [m.get_text() for m in section.select(".page-findings .message")]
        assert sorted(shown) == sorted(expected.get(url, []))


def test_page_view_puts_pages_with_most_findings_first(audit: Audit) -> None:
    sections = list(page_sections(render(audit).parent))

    # /a has 3 findings, / and /b 2 each (tie broken by URL), the clean pages follow by URL
    assert sections[:3] == [f"{SITE}/a", f"{SITE}/", f"{SITE}/b"]
    assert sections[3:] == sorted(sections[3:])


def test_page_view_shows_page_facts(audit: Audit) -> None:
    _, section = page_sections(render(audit).parent)[f"{SITE}/old"]
    text = section.get_text(" ")

    assert "301" in text
    assert f"{SITE}/b" in text  # redirect target
    found_on = section.select_one("dd a[href^='../pages/']")
    assert found_on is not None and found_on.get_text() == f"{SITE}/a"


def test_page_view_shows_network_errors(audit: Audit) -> None:
    _, section = page_sections(render(audit).parent)[f"{SITE}/slow"]

    assert "no response (timeout)" in section.get_text(" ")


def test_finding_on_url_missing_from_store_still_gets_an_entry(make_audit: MakeAudit) -> None:
    ghost = f"{SITE}/only-in-sitemap"
    audit = make_audit(
        [Page(f"{SITE}/", 200)],
        [Finding("orphan-page", Severity.WARNING, ghost, "Only the sitemap lists it")],
    )

    _, section = page_sections(render(audit).parent)[ghost]

    assert "not in the crawl store" in section.get_text()
    assert "Only the sitemap lists it" in section.get_text()


def test_crawled_markup_is_shown_as_text_never_as_markup(audit: Audit) -> None:
    report = render(audit).parent

    for path in report.rglob("*.html"):
        doc = soup(path)
        # the only scripts are the report's own files; crawled text never adds one
        own = {ASSET_SRC[path.parent == report], "map.js"}
        assert {s.get("src", "") for s in doc.find_all("script")} <= own, path
        assert all(not s.string for s in doc.find_all("script")), path
        assert doc.find("img") is None, path  # the snippet's <img onerror> stayed text
        assert doc.find("b") is None and doc.find("em") is None, path
    _, section = page_sections(report)[f"{SITE}/a"]
    assert "<script>alert(1)</script>" in section.get_text()
    assert "Reset <b>your</b> password" in section.get_text()


def test_only_http_urls_become_links(audit: Audit) -> None:
    report = render(audit).parent

    for path in report.rglob("*.html"):
        for a in soup(path).find_all("a", href=True):
            href = a["href"].strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (path, href)
    doc = soup(report / "checks" / "robots-blocked.html")
    cell = doc.find("td", string="javascript:alert(1)")
    assert cell is not None and cell.find("a") is None
    shard = (report / "data" / "check-robots-blocked-1.js").read_text(encoding="utf-8")
    assert '"javascript:alert(1)"' in shard  # data keeps it; the script never links it


@pytest.mark.parametrize(
    ("url", "linkable"),
    [
        ("https://example.org/a", True),
        ("HTTP://example.org/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//example.org/protocol-relative", False),
        ("mailto:help@example.org", False),
        (404, False),
    ],
)
def test_http_href_accepts_only_http_and_https(url: object, linkable: bool) -> None:
    assert (http_href(url) is not None) is linkable


def test_every_file_is_self_contained_with_a_strict_csp(audit: Audit) -> None:
    report = render(audit).parent

    files = list(report.rglob("*.html"))
    # index, urls, responses, inspect, suppressed, map, six checks, one page shard, editor
    # index + one section
    assert len(files) == 6 + 6 + 1 + 2
    for path in files:
        doc = soup(path)
        meta = doc.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and meta["content"] == CSP, path
        assert doc.find("link") is None, path
        for tag in doc.find_all(src=True):
            assert not re.match(r"(https?:)?//", tag["src"]), (path, tag)
            assert (path.parent / tag["src"]).resolve().is_file(), (path, tag)
        styles = doc.find_all("style")
        assert styles, path
        assert all("url(" not in st.text and "@import" not in st.text for st in styles), path


def test_output_is_utf8(make_audit: MakeAudit) -> None:
    audit = make_audit(
        [Page(f"{SITE}/", 200, title="Aide · Hilfe · 帮助")],
        [Finding("title-duplicate", Severity.WARNING, f"{SITE}/", "Titre « dupliqué »")],
    )

    report = render(audit).parent

    assert "帮助" in (report / "pages" / "1.html").read_bytes().decode("utf-8")
    assert "Titre « dupliqué »" in soup(report / "checks" / "title-duplicate.html").get_text()


def test_page_locator_puts_page_251_in_shard_2() -> None:
    locator = PageLocator({f"u{i}": i for i in range(300)})

    assert locator.shard("u249") == 1
    assert locator.shard("u250") == 2
    assert locator.href("u250") == "../pages/2.html#page-251"
    assert locator.shard_count == 2
    assert locator.href("unknown") is None


def test_sharding_splits_pages_and_links_point_to_the_right_shard(make_audit: MakeAudit) -> None:
    urls = [f"{SITE}/article/{i:04d}" for i in range(PAGES_PER_SHARD + 30)]
    findings = [
        Finding("h1-missing", Severity.WARNING, url, f"No H1 on {url}") for url in urls[:260]
    ]
    audit = make_audit([Page(url, 200) for url in urls], findings)

    report = render(audit).parent

    assert sorted(p.name for p in (report / "pages").glob("*.html")) == ["1.html", "2.html"]
    shard1 = soup(report / "pages" / "1.html").select("section.page")
    shard2 = soup(report / "pages" / "2.html").select("section.page")
    assert len(shard1) == PAGES_PER_SHARD
    assert len(shard2) == 30
    page_251 = urls[250]
    assert shard2[0]["id"] == "page-251"
    assert shard2[0].h2.select_one(".url").get_text() == page_251
    check_doc = soup(report / "checks" / "h1-missing.html")
    # past the preview, the entry link is in the table's data, relative to report/
    rows = shard_rows(report / "data" / "check-h1-missing-1.js")
    assert [page_251, "pages/2.html#page-251"] in [row[1] for row in rows]
    first = check_doc.find("a", class_="page-entry", string=urls[0])
    assert first["href"] == "../pages/1.html#page-1"
    index_links = [a["href"] for a in soup(report / "index.html").select("ul.shards a")]
    assert index_links == ["pages/1.html", "pages/2.html"]


def test_user_template_overrides_the_bundled_one(audit: Audit, tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1 id="custom">Our audit of '
        "{{ run.start_urls[0] }}</h1>{% endblock %}",
        encoding="utf-8",
    )

    index = render(audit, template_dir=custom)

    doc = soup(index)
    assert doc.select_one("#custom").get_text() == f"Our audit of {SITE}/"
    assert doc.select_one("#checks") is None  # the bundled overview is gone
    # templates not overridden still come from the bundle
    assert soup(index.parent / "checks" / "broken-link.html").select_one("table.findings")


def test_user_template_output_is_still_autoescaped(audit: Audit, tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "index.html").write_text("<p>{{ '<script>x</script>' }}</p>", encoding="utf-8")

    doc = soup(render(audit, template_dir=custom))

    assert doc.find("script") is None


def test_rerender_replaces_the_previous_report(audit: Audit) -> None:
    render(audit)
    report = audit.out_dir / "report"
    assert (report / "checks" / "robots-blocked.html").exists()

    audit.findings = [f for f in audit.findings if f.check != "robots-blocked"]
    render(audit)

    assert not (report / "checks" / "robots-blocked.html").exists()
    assert (report / "checks" / "broken-link.html").exists()
    # no staging left over; the worklist sits next to the report
    assert sorted(p.name for p in audit.out_dir.iterdir()) == OUTPUT_FILES


def test_failed_render_keeps_the_previous_report(audit: Audit, tmp_path: Path) -> None:
    index = render(audit)
    before = index.read_text(encoding="utf-8")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "check.html").write_text("{{ no_such_variable }}", encoding="utf-8")

    with pytest.raises(Exception, match="no_such_variable"):
        render(audit, template_dir=broken)

    assert index.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in audit.out_dir.iterdir()) == OUTPUT_FILES


def test_odd_check_ids_get_safe_file_names(make_audit: MakeAudit) -> None:
    audit = make_audit(
        [Page(f"{SITE}/", 200)],
        [Finding("../../evil check", Severity.NOTICE, f"{SITE}/", "From a plugin")],
    )

    report = render(audit).parent

    assert [p.name for p in (report / "checks").iterdir()] == ["evil-check.html"]
    row = soup(report / "index.html").select_one("#checks tbody tr")
    assert row.a["href"] == "checks/evil-check.html"


def test_crawl_without_findings_renders_a_calm_overview(make_audit: MakeAudit) -> None:
    audit = make_audit([Page(f"{SITE}/", 200)], [])

    doc = soup(render(audit))

    assert "No findings" in doc.select_one("#checks").get_text()
    assert table_counts(doc, "severity-counts") == {"error": 0, "warning": 0, "notice": 0}
