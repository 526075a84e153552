"""Properties of URL normalisation and page extraction, on inputs nobody wrote by hand."""

from __future__ import annotations

import html as html_lib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from siteaudit.crawler.extraction import extract_page

from siteaudit.core.urls import normalize_url, resolve_link

BASE = "http://example.com/dir/page.html"
_fast = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Markup-ish text: tags, entities, quotes and brackets mixed with anything at all.
_fragments = st.sampled_from(
    [
        "<a href='",
        "'>",
        "</a>",
        "<title>",
        "</title>",
        "<base href=",
        "<meta http-equiv=refresh content='0;url=",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#x0;",
        "&#99999999;",
        "<h1>",
        "<nav>",
        "<div>",
        "\x00",
        "javascript:",
        "//",
        "?",
        "#",
        "%",
        "%zz",
        "\u202e",
        "<svg><a xlink:href='",
    ]
)
_markup = st.lists(st.one_of(_fragments, st.text(max_size=12)), max_size=40).map("".join)
_hrefs = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda a, b: f"{a}/{b}",
        st.sampled_from(["", "..", "//host", "http://x.org"]),
        st.text(max_size=15),
    ),
)


@_fast
@given(_markup)
def test_extraction_never_raises_and_only_returns_crawlable_links(text: str) -> None:
    data = extract_page(text, BASE, references=True)
    for link in data.links:
        assert link.target.startswith(("http://", "https://")), link.target
        assert not link.target.lower().startswith(("javascript:", "data:"))
    assert data.word_count >= 0
    assert all(isinstance(t, str) for t in data.titles)


@_fast
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=60))
def test_a_title_is_read_back_as_its_text(title: str) -> None:
    page = f"<html><head><title>{html_lib.escape(title)}</title></head><body></body></html>"
    data = extract_page(page, BASE)
    got = data.titles[0] if data.titles else ""
    # Whitespace runs collapse; a blank title may be dropped.
    assert " ".join(got.split()) == " ".join(title.split())


@_fast
@given(st.lists(_hrefs, max_size=12))
def test_every_extracted_link_is_already_normalised(hrefs: list[str]) -> None:
    body = "".join(f'<a href="{html_lib.escape(h)}">x</a>' for h in hrefs)
    data = extract_page(f"<html><body><main>{body}</main></body></html>", BASE)
    for link in data.links:
        assert normalize_url(link.target) == link.target
    assert len(data.links) <= len(hrefs)


@_fast
@given(_hrefs)
def test_resolving_a_link_is_idempotent(href: str) -> None:
    url = resolve_link(BASE, href)
    if url is not None:
        assert url.startswith(("http://", "https://")) and "#" not in url
        assert resolve_link(BASE, url) == url
        assert normalize_url(url) == url


# Inputs the fuzzer (bench/fuzz_extractor.py) found; each once normalised in two steps.
@pytest.mark.parametrize(
    "href", ["%%4%44", "%%%4%444", "%\x7f%4%444", "x/%%4%44?a=%%4%44", "~%%%%%%%%4%4433%%7F%"]
)
def test_fuzz_found_stray_percent_signs_normalise_in_one_step(href: str) -> None:
    url = resolve_link(BASE, href)
    assert url is not None and normalize_url(url) == url
