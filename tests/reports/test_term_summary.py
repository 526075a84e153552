"""The term-variant page's per-term table."""

from __future__ import annotations

from bs4 import BeautifulSoup
from siteaudit.reports import render_html_report
from siteaudit.reports.term_summary import term_summary

from siteaudit.core.checks import make_finding
from siteaudit.core.records import Finding, Page
from tests.reports.conftest import SITE, MakeAudit


def _variant(url: str, variant: str, preferred: str, count: int) -> Finding:
    return make_finding(
        "term-variant",
        url,
        f'"{variant}" in the text',
        element="body",
        evidence={
            "variant": variant,
            "preferred": preferred,
            "count": count,
            "snippets": [f"«{variant}»"] * count,
            "target": f"body:{variant}",
        },
    )


FINDINGS = [
    _variant(f"{SITE}/a", "Ka Pai", "Kapai", 3),
    _variant(f"{SITE}/b", "Ka Pai", "Kapai", 1),
    _variant(f"{SITE}/b", "KaPai", "Kapai", 1),
    _variant(f"{SITE}/c", "e-mail", "email", 2),
]


def test_terms_are_summarised_with_variants_counts_and_pages() -> None:
    rows = term_summary(FINDINGS)
    assert [r.preferred for r in rows] == ["Kapai", "email"]
    kapai = rows[0]
    assert (kapai.occurrences, kapai.pages) == (5, 2)
    assert [(v.spelling, v.occurrences, v.pages) for v in kapai.variants] == [
        ("Ka Pai", 4, 2),
        ("KaPai", 1, 1),
    ]


def test_term_variant_page_shows_the_term_table_before_the_occurrences(
    make_audit: MakeAudit,
) -> None:
    pages = [Page(f"{SITE}/{p}", 200, title=p) for p in ("", "a", "b", "c")]
    audit = make_audit(pages, FINDINGS)
    report = render_html_report(audit.model(), audit.out_dir).parent
    doc = BeautifulSoup((report / "checks" / "term-variant.html").read_text("utf-8"), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in doc.select("main h2")]
    assert headings.index("Terms 2") < headings.index("Occurrences")
    first = doc.select("#term-summary tbody tr")[0]
    cells = [td.get_text(" ", strip=True) for td in first.select("td")]
    assert cells[1] == "Kapai"
    assert "Ka Pai 4 times on 2 pages" in cells[2] and "KaPai 1 time on 1 page" in cells[2]
    assert cells[3:] == ["5", "2"]
    why = doc.select_one(".explain").get_text()
    assert "Kapai" not in why and "KerPai" not in why
