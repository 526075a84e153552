"""Pages nested hundreds of levels deep (unclosed tags): read in full up to lxml's huge-tree
limit, and reported as a content-error either way, since text past the limit is lost."""

from __future__ import annotations

import json
from pathlib import Path

from siteaudit.crawler.extraction import extract_page

from tests.helpers import run_siteaudit, stored_pages, write_site
from tests.site_server import serve_site


def _nested(levels: int) -> str:
    return (
        "<html><head><title>Deep</title></head><body><p>before</p>"
        + "<div>" * levels
        + '<p>deep text <a href="/deep.html">deep link</a></p>'
        + "</div>" * levels
        + '<p>after <a href="/after.html">after link</a></p></body></html>'
    )


def _text(html: str) -> str:
    return " ".join(b.text for b in extract_page(html, "http://ex.com/").blocks)


def test_text_nested_past_the_usual_parser_limit_is_read_and_reported() -> None:
    data = extract_page(_nested(300), "http://ex.com/")
    assert _text(_nested(300)) == "before deep text deep link after after link"
    assert [link.target for link in data.links] == [
        "http://ex.com/deep.html",
        "http://ex.com/after.html",
    ]
    assert data.parse_problem is not None
    assert "nested 304 levels deep" in data.parse_problem


def test_a_page_nested_past_the_huge_tree_limit_keeps_what_was_read_and_says_so() -> None:
    data = extract_page(_nested(5000), "http://ex.com/")
    assert _text(_nested(5000)).startswith("before")
    assert "after" not in _text(_nested(5000))
    assert data.parse_problem is not None
    assert "not read" in data.parse_problem


def test_ordinary_pages_have_no_parse_problem() -> None:
    assert extract_page(_nested(20), "http://ex.com/").parse_problem is None


def test_a_deeply_nested_page_is_stored_and_gets_a_content_error(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "site",
        {"index.html": _nested(5000), "after.html": "<html><body><p>after</p></body></html>"},
    )
    output = tmp_path / "out"
    with serve_site(root) as base:
        result = run_siteaudit("crawl", base + "/", "-o", str(output), "-q")
    assert result.returncode == 0, result.stderr
    pages = stored_pages(output)
    assert pages[base + "/"].status == 200
    assert pages[base + "/"].title == "Deep"
    assert [b.text for b in pages[base + "/"].blocks] == ["before"]  # what could be read
    assert set(pages) == {base + "/"}  # the links past the limit were never seen
    findings = json.loads((output / "findings.json").read_text())["findings"]
    errors = [f for f in findings if f["check"] == "content-error"]
    assert [f["url"] for f in errors] == [base + "/"]
    assert "not read" in errors[0]["message"]
