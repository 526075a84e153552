"""Editor view items: the element named, every occurrence quoted, other pages named."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from siteaudit.reports import render_html_report
from siteaudit.reports.editor import editor_fix, element_label

from siteaudit.core.records import Finding, Page, Severity
from tests.reports.conftest import SITE, MakeAudit


def test_elements_are_named_for_editors() -> None:
    assert element_label("title") == "Title"
    assert element_label("h1") == "H1"
    assert element_label("meta description") == "Meta description"
    assert element_label("main link") == "Link text"
    assert element_label("related link 3") == "Related link"
    assert element_label("body") == "Body text"
    assert element_label(None) is None


def test_three_times_quotes_three_snippets() -> None:
    f = Finding(
        "term-variant",
        Severity.WARNING,
        SITE,
        "m",
        element="body",
        snippet="…first «Ka Pai»…",
        evidence={
            "variant": "Ka Pai",
            "preferred": "Kapai",
            "count": 3,
            "snippets": ["…first «Ka Pai»…", "…second «Ka Pai»…", "…third «Ka Pai»…"],
        },
    )
    fix = editor_fix(1, f)
    assert fix.action == "Replace 'Ka Pai' with 'Kapai' (3 times)."
    assert fix.element == "Body text"
    assert len(fix.quotes) == 3 and fix.occurrences == 3


def test_duplicates_name_the_other_pages_by_title() -> None:
    f = Finding(
        "h1-duplicate",
        Severity.WARNING,
        f"{SITE}/a",
        "1 other page has the same H1",
        element="h1",
        evidence={"others": [f"{SITE}/b", f"{SITE}/c"], "others_count": 2},
    )
    pages = {f"{SITE}/b": Page(f"{SITE}/b", 200, title="Billing FAQ")}
    fix = editor_fix(1, f, pages)
    assert fix.others == ((f"{SITE}/b", "Billing FAQ"), (f"{SITE}/c", "/c"))


def test_a_duplicate_title_names_the_other_page_by_its_path() -> None:
    # "Same on: Billing" beside a page titled "Billing" would say nothing
    f = Finding("title-duplicate", Severity.WARNING, f"{SITE}/a", "m", element="title")
    f.evidence = {"others": [f"{SITE}/b?lang=en"], "others_count": 1}
    pages = {u: Page(u, 200, title="Billing") for u in (f"{SITE}/a", f"{SITE}/b?lang=en")}
    assert editor_fix(1, f, pages).others == ((f"{SITE}/b?lang=en", "/b?lang=en"),)


def test_editor_page_shows_element_quotes_and_links_to_the_other_page(
    make_audit: MakeAudit,
) -> None:
    pages = [
        Page(f"{SITE}/faq/a.html", 200, title="Paying on delivery"),
        Page(f"{SITE}/faq/b.html", 200, title="Cash on delivery"),
    ]
    findings = [
        Finding(
            "h1-duplicate",
            Severity.WARNING,
            f"{SITE}/faq/a.html",
            "1 other page has the same H1",
            element="h1",
            evidence={"others": [f"{SITE}/faq/b.html"], "others_count": 1},
        ),
        Finding(
            "term-variant",
            Severity.WARNING,
            f"{SITE}/faq/a.html",
            "m",
            element="title",
            evidence={
                "variant": "e-mail",
                "preferred": "email",
                "count": 2,
                "snippets": ["one e-mail", "two e-mail"],
            },
        ),
    ]
    audit = make_audit(pages, findings)
    report = render_html_report(audit.model(), audit.out_dir).parent
    doc = BeautifulSoup((report / "editor" / "faq.html").read_text("utf-8"), "html.parser")
    items = {li["data-check"]: li for li in doc.select("li.fix-item")}
    dup = items["h1-duplicate"]
    assert dup.select_one(".element-tag").get_text() == "H1"
    other = dup.select_one("a.other-page")
    assert other.get_text() == "Cash on delivery"
    assert other["href"].startswith("../inspect.html#url=https%3A%2F%2F")
    term = items["term-variant"]
    assert term.select_one(".element-tag").get_text() == "Title"
    assert [q.get_text() for q in term.select("ol.quotes blockquote")] == [
        "one e-mail",
        "two e-mail",
    ]
    # the index's search data: every page with fixes, its title and its place
    text = (report / "data" / "editor-pages.js").read_text("utf-8")
    rows = json.loads(text[len("siteauditEditorPages(") : -3])
    assert rows == [[f"{SITE}/faq/a.html", "Paying on delivery", "faq.html#page-1"]]
    assert doc.select_one("article#page-1")["data-url"] == f"{SITE}/faq/a.html"
