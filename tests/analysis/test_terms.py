from pathlib import Path

from siteaudit.analysis.content_options import AnalysisOptions
from siteaudit.analysis.terms import check_terms

from siteaudit.core.records import TextBlock
from tests.analysis.content_factories import analysed, article, filler

BASE = "http://ex.com"


def site() -> list:
    pages = [
        article(f"/k{i}", [f"The Kapai truck number {i} is booked.", *filler(i, 2)])
        for i in range(16)
    ]
    pages.append(
        article(
            "/variant",
            ["Book a Ka-Pai truck early. Then the Ka-Pai driver calls.", *filler(50, 2)],
            title="How Do Ka Pai Appointments Work?",
            meta_description="Ka Pai appointments explained for sellers who ship pallets "
            "to marketplace warehouses every week.",
            headings=["Booking Ka-Pai"],
            related=["Is Ka Pai insured?"],
        )
    )
    pages.append(article("/cape", ["Ship to Cape Town or the Cape.", *filler(60, 2)]))
    return pages


def test_every_variant_is_located_by_page_element_and_count(tmp_path: Path) -> None:
    findings = list(check_terms(analysed(tmp_path, site())))
    got = {(f.url, f.element, f.evidence["variant"]): f.evidence["count"] for f in findings}
    assert got == {
        (BASE + "/variant", "title", "Ka Pai"): 1,
        (BASE + "/variant", "meta-description", "Ka Pai"): 1,
        (BASE + "/variant", "h1", "Ka Pai"): 1,
        (BASE + "/variant", "heading", "Ka-Pai"): 1,
        (BASE + "/variant", "body", "Ka-Pai"): 2,
        (BASE + "/variant", "link", "Ka Pai"): 1,
    }
    assert all(f.evidence["preferred"] == "Kapai" for f in findings)


def test_findings_carry_a_marked_snippet_and_the_replacement(tmp_path: Path) -> None:
    findings = list(check_terms(analysed(tmp_path, site())))
    (body,) = [f for f in findings if f.element == "body"]
    assert body.snippet == "Book a «Ka-Pai» truck early. Then the Ka-Pai driver calls."
    assert (
        body.evidence["snippets"][1] == "Book a Ka-Pai truck early. Then the «Ka-Pai» driver calls."
    )
    assert body.fix == 'Replace "Ka-Pai" with "Kapai".'
    assert body.evidence["target"] == "body:Ka-Pai"


def test_variants_in_template_blocks_are_not_counted_per_page(tmp_path: Path) -> None:
    pages = site()
    for page in pages:
        page.blocks.append(TextBlock("footer", "p", "Ka-Pai is a registered trade mark."))
    findings = list(check_terms(analysed(tmp_path, pages)))
    assert {f.url for f in findings} == {BASE + "/variant"}


def test_a_glossary_finds_variants_discovery_cannot(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.toml"
    glossary.write_text(
        '[[term]]\npreferred = "Cape Town"\nvariants = ["re:Cape\\\\s*Town?", "CPT"]\n'
        'exceptions = ["Cape of Good Hope"]\ncase = "ignore"\n'
        'tests = [["Capetown", "Cape Town"], ["Cape of Good Hope", "Cape of Good Hope"]]\n',
        encoding="utf-8",
    )
    pages = [
        *site(),
        article("/ct", ["Ship to Capetown via CPT, past the Cape of Good Hope.", *filler(70, 2)]),
    ]
    (tmp_path / "db").mkdir()
    findings = list(
        check_terms(analysed(tmp_path / "db", pages, AnalysisOptions(glossary=glossary)))
    )
    ct = {f.evidence["variant"] for f in findings if f.url == BASE + "/ct"}
    assert ct == {"Capetown", "CPT"}
    assert any(f.url == BASE + "/variant" for f in findings)  # discovery still runs


def test_no_terms_means_no_findings(tmp_path: Path) -> None:
    pages = [article(f"/p{i}", filler(i, 3)) for i in range(4)]
    assert list(check_terms(analysed(tmp_path, pages))) == []
