from pathlib import Path

from siteaudit.analysis.content_checks import check_content

from siteaudit.core.records import Link, Page
from tests.analysis.content_factories import analysed, article, filler

BASE = "http://ex.com"


def checks(findings: list) -> dict[tuple[str, str], object]:
    return {(f.check, f.url.removeprefix(BASE)): f for f in findings}


def test_title_and_meta_description_lengths(tmp_path: Path) -> None:
    pages = [
        article("/long", filler(1, 8), title="A very long title " * 5),
        article("/short", filler(2, 8), title="FAQ"),
        article("/fine", filler(3, 8), title="How long does sea freight take?"),
        article("/desc", filler(4, 8), meta_description="Too short."),
    ]
    found = checks(list(check_content(analysed(tmp_path, pages))))
    assert found["title-too-long", "/long"].evidence["length"] == 89
    assert ("title-too-short", "/short") in found
    assert found["meta-description-length", "/desc"].message.startswith(
        "The meta description is too short: 10 characters"
    )
    assert not [k for k in found if k[1] == "/fine"]


def test_canonicals_to_another_a_broken_and_a_redirected_page(tmp_path: Path) -> None:
    pages = [
        article("/copy", filler(1, 8), canonical=BASE + "/original"),
        article("/original", filler(2, 8)),
        article("/to-404", filler(3, 8), canonical=BASE + "/gone"),
        article("/to-301", filler(4, 8), canonical=BASE + "/moved"),
        Page(BASE + "/gone", status=404),
        Page(BASE + "/moved", status=301, location=BASE + "/original"),
    ]
    found = checks(list(check_content(analysed(tmp_path, pages))))
    assert found["canonical-elsewhere", "/copy"].evidence["target"] == BASE + "/original"
    assert "answers 404" in found["canonical-broken", "/to-404"].message
    assert found["canonical-redirect", "/to-301"].evidence["final"] == BASE + "/original"
    assert not [k for k in found if k[0].startswith("canonical") and k[1] == "/original"]


def test_thin_content_counts_only_the_pages_own_words(tmp_path: Path) -> None:
    hub_links = [
        Link(BASE + "/hub", BASE + f"/a{i}", "a", f"Article {i}", "main", False, i)
        for i in range(6)
    ]
    pages = [article(f"/a{i}", filler(i, 6)) for i in range(5)]
    pages += [
        article("/thin", ["Changes apply to labels printed after you save."]),
        article("/hub", ["All our articles."], links=hub_links),
        article("/hidden", ["Short."], meta_robots="noindex"),
    ]
    found = checks(list(check_content(analysed(tmp_path, pages))))
    thin = {url for check, url in found if check == "thin-content"}
    assert thin == {"/thin"}
    assert found["thin-content", "/thin"].evidence["words"] == 10  # H1 + sentence, no template
