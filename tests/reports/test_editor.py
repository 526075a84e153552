"""The editor view: plain-language fixes, sections by URL path, printable pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup
from siteaudit.reports import html_sections, render_html_report
from siteaudit.reports.editor import assign_sections, build_editor_sections, editor_fix
from siteaudit.reports.html_sections import pager_links

from siteaudit.core.records import Finding, Page, Severity
from tests.helpers import traced

if TYPE_CHECKING:
    from conftest import MakeAudit

SITE = "https://help.example.org"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_broken_related_link_says_which_entry_and_what_to_do() -> None:
    f = Finding(
        "broken-related-link",
        Severity.ERROR,
        f"{SITE}/a",
        "Related link 4 ...",
        evidence={"related_number": 4, "anchor": "COD rates", "status": 404, "target": f"{SITE}/x"},
    )

    fix = editor_fix(1, f)

    assert fix.action.startswith('Related link 4 "COD rates" goes to a 404')
    assert "remove it or replace it" in fix.action
    assert fix.target == f"{SITE}/x"


def test_title_h1_mismatch_names_both_subjects() -> None:
    f = Finding(
        "title-h1-mismatch",
        Severity.WARNING,
        SITE,
        "m",
        evidence={"title_words": "Coupang", "h1_words": "COD"},
    )

    assert editor_fix(1, f).action.startswith('Title says "Coupang", H1 says "COD"')


def test_term_variant_evidence_reads_as_a_replacement_with_its_count_and_context() -> None:
    f = Finding(
        "term-variant",
        Severity.NOTICE,
        SITE,
        "m",
        evidence={
            "variant": "Ka Pai",
            "preferred": "Kapai",
            "count": 3,
            "contexts": ["use Ka Pai for"],
        },
    )

    fix = editor_fix(2, f)

    assert fix.action == "Replace 'Ka Pai' with 'Kapai' (3 times)."
    assert fix.context == "use Ka Pai for"
    assert fix.number == 2


def test_unknown_check_still_gets_a_sentence_from_message_and_fix() -> None:
    f = Finding("plugin-check", Severity.NOTICE, SITE, "Something is odd.", fix="Make it even.")

    assert editor_fix(1, f).action == "Something is odd: make it even."


def test_sections_split_a_large_top_folder_by_its_subfolders() -> None:
    urls = [f"{SITE}/faq/{topic}/q{i}.html" for topic in ("cod", "sea") for i in range(40)]
    urls += [f"{SITE}/", f"{SITE}/about/team"]

    sections = assign_sections(urls, split_at=60)

    assert sections[f"{SITE}/faq/cod/q1.html"] == "/faq/cod/"
    assert sections[f"{SITE}/faq/sea/q1.html"] == "/faq/sea/"
    assert sections[f"{SITE}/"] == "/"
    assert sections[f"{SITE}/about/team"] == "/about/"


def test_small_sites_keep_one_section_per_top_folder() -> None:
    urls = [f"{SITE}/blog/{y}/post{i}" for y in (2023, 2024) for i in range(5)]

    assert set(assign_sections(urls).values()) == {"/blog/"}


def test_fixes_are_numbered_worst_first_per_page() -> None:
    findings = [
        Finding("meta-description-missing", Severity.NOTICE, f"{SITE}/a", "No meta description"),
        Finding("broken-link", Severity.ERROR, f"{SITE}/a", "x", evidence={"status": 404}),
    ]

    (section,) = build_editor_sections(findings, {f"{SITE}/a": Page(f"{SITE}/a", 200, title="A")})

    (page,) = section.pages
    assert page.title == "A"
    assert [(f.number, f.severity) for f in page.fixes] == [(1, "error"), (2, "notice")]


def test_editor_sections_hold_findings_not_phrased_fixes() -> None:
    # A fix is phrased when the editor files or the worklist ask for it: sections holding
    # every fix at once cost ~1 KB per finding, the report's peak on a large site.
    n = 20_000
    pages = {f"{SITE}/faq/{i}": Page(f"{SITE}/faq/{i}", 200, title=f"Page {i}") for i in range(n)}
    findings = [
        Finding(
            "title-duplicate",
            Severity.WARNING,
            url,
            f"Title shared with {n - 1} other pages",
            element="title",
            snippet=f"Page {i}",
            evidence={"others": [f"{SITE}/faq/{(i + k) % n}" for k in range(1, 6)]},
        )
        for i, url in enumerate(pages)
    ]
    sections, (held, _) = traced(lambda: build_editor_sections(findings, pages))

    assert sum(s.fix_count for s in sections) == n
    assert held < 400 * n, f"{held / n:.0f} bytes held per finding"
    fixes = sections[0].pages[0].fixes
    assert [f.number for f in fixes] == [1]
    assert fixes[0].others[0][1].startswith("Page ")


def test_editor_pages_list_fixes_by_section_escaped_and_printable(make_audit: MakeAudit) -> None:
    pages = [
        Page(f"{SITE}/faq/a.html", 200, title="<script>alert(1)</script>"),
        Page(f"{SITE}/faq/b.html", 200, title="B"),
        Page(f"{SITE}/blog/c.html", 200, title="C"),
    ]
    findings = [
        Finding("h1-missing", Severity.WARNING, f"{SITE}/faq/a.html", "No H1 <b>here</b>"),
        Finding(
            "title-h1-mismatch",
            Severity.WARNING,
            f"{SITE}/blog/c.html",
            "m",
            evidence={"title_words": "Swiftpost", "h1_words": "COD"},
        ),
    ]
    audit = make_audit(pages, findings)

    report = render_html_report(audit.model(), audit.out_dir).parent

    index = soup(report / "editor" / "index.html")
    links = [a["href"] for a in index.select("#editor-sections a")]
    assert links == ["blog.html", "faq.html"]
    faq = soup(report / "editor" / "faq.html")
    article = faq.select_one("article.editor-page")
    assert article["data-url"] == f"{SITE}/faq/a.html"
    assert article.h2.get_text() == "<script>alert(1)</script>"
    # the report's own script only: crawled markup never adds one
    assert [s.get("src") for s in faq.find_all("script")] == ["../assets/report.js"]
    assert faq.find("b") is None
    assert "No H1 <b>here</b>" in article.select_one("li .action").get_text()
    blog = soup(report / "editor" / "blog.html")
    assert blog.select_one("li.fix-item")["value"] == "1"
    assert 'Title says "Swiftpost", H1 says "COD"' in blog.select_one("li .action").get_text()
    assert "@media print" in faq.style.get_text()


def test_a_long_sections_parts_link_their_neighbours_not_every_part() -> None:
    names = ["faq.html"] + [f"faq-part{n}.html" for n in range(2, 41)]
    assert pager_links(names, 1) == [
        (1, None), (2, "faq-part2.html"), (3, "faq-part3.html"), (4, "faq-part4.html"),
        (5, "faq-part5.html"), (None, None), (40, "faq-part40.html"),
    ]  # fmt: skip
    middle = pager_links(names, 20)
    assert [n for n, _ in middle] == [1, None, 16, 17, 18, 19, 20, 21, 22, 23, 24, None, 40]
    assert dict(middle)[20] is None and dict(middle)[1] == "faq.html"
    assert [n for n, _ in pager_links(names[:3], 2)] == [1, 2, 3]  # short: every part
    assert pager_links(names[:1], 1) == [(1, None)]


def test_editor_part_files_stay_small_however_many_parts(
    make_audit: MakeAudit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(html_sections, "EDITOR_PAGES_PER_FILE", 1)
    pages = [Page(f"{SITE}/faq/{n}.html", 200, title=f"Q{n}") for n in range(60)]
    findings = [Finding("h1-missing", Severity.WARNING, p.url, "No H1") for p in pages]
    audit = make_audit(pages, findings)
    report = render_html_report(audit.model(), audit.out_dir).parent
    parts = sorted((report / "editor").glob("faq*.html"))
    assert len(parts) == 60
    middle = soup(report / "editor" / "faq-part30.html")
    pager = [a["href"] for a in middle.select("nav.pager a")]
    assert pager[0] == "faq.html" and pager[-1] == "faq-part60.html"
    assert len(pager) == 2 + 2 * html_sections.PAGER_NEAR
    assert middle.select_one("nav.pager .current").get_text() == "30"
    # every part still reachable from the editor index
    index = soup(report / "editor" / "index.html")
    assert {a["href"] for a in index.select("a")} >= {p.name for p in parts}
