from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from siteaudit.core.urls import (
    host_of,
    normalize_url,
    resolve_link,
    start_url_problem,
    without_query,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Example.COM:80/a/../b/./c#frag", "http://example.com/b/c"),
        ("https://example.com:443", "https://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("http://example.com/p?b=2&a=1", "http://example.com/p?a=1&b=2"),
        ("http://bücher.de/x", "http://xn--bcher-kva.de/x"),
        ("http://ex.com/a b", "http://ex.com/a%20b"),
        ("http://ex.com/%7Euser/", "http://ex.com/~user/"),
    ],
)
def test_normalize_url_gives_one_spelling_per_resource(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


def test_tracking_and_session_parameters_are_stripped_by_default() -> None:
    url = "http://ex.com/p?id=3&utm_source=x&PHPSESSID=abc&gclid=1"
    assert normalize_url(url) == "http://ex.com/p?id=3"
    assert normalize_url("http://ex.com/p;jsessionid=AB12?x=1") == "http://ex.com/p?x=1"


def test_query_modes_keep_and_drop() -> None:
    url = "http://ex.com/p?utm_source=x&id=3"
    assert normalize_url(url, "keep") == "http://ex.com/p?id=3&utm_source=x"
    assert normalize_url(url, "drop") == "http://ex.com/p"


@pytest.mark.parametrize(
    "href", ["mailto:a@b.c", "javascript:void(0)", "tel:+1", "data:text/html,hi", "#top", ""]
)
def test_non_crawlable_links_resolve_to_none(href: str) -> None:
    assert resolve_link("http://ex.com/a/", href) is None


def test_relative_and_protocol_relative_links_resolve_against_the_base() -> None:
    assert resolve_link("http://ex.com/a/b.html", "../c.html") == "http://ex.com/c.html"
    assert resolve_link("https://ex.com/a/", "//cdn.ex.com/x") == "https://cdn.ex.com/x"
    assert resolve_link("http://ex.com/a/", " c d.html\n") == "http://ex.com/a/c%20d.html"


def test_host_and_query_helpers() -> None:
    assert host_of("http://Ex.com:8080/a") == "ex.com:8080"
    assert without_query("http://ex.com/cal?m=1") == "http://ex.com/cal"


@given(
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "http:/", " http://", "http:"]),
    st.text(alphabet="aZ09.-:@[]/?#\t\n %", max_size=24),
)
def test_host_of_is_urlsplit_netloc_lowercased(scheme: str, rest: str) -> None:
    url = scheme + rest
    try:
        expected = urlsplit(url).netloc.lower()
    except ValueError:  # a malformed IPv6 literal: urlsplit's own error
        with pytest.raises(ValueError):
            host_of(url)
        return
    assert host_of(url) == expected


@given(st.text(max_size=40))
def test_normalisation_is_idempotent_and_never_raises(path: str) -> None:
    first = normalize_url("http://example.com/" + path)
    if first is not None:
        assert normalize_url(first) == first


def test_ipv6_literals_keep_their_brackets() -> None:
    assert normalize_url("http://[::1]:8080/a#x") == "http://[::1]:8080/a"
    assert normalize_url("HTTP://[2001:DB8:0::1]:80/") == "http://[2001:db8::1]/"
    assert resolve_link("http://[::1]:8080/a/", "../b.html") == "http://[::1]:8080/b.html"
    assert host_of("http://[::1]:8080/") == "[::1]:8080"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://127.0.0.1:99999/", "port out of range"),
        ("http://user@/", "no valid host"),
        ("ftp://example.com/", "not an http(s) URL"),
        ("http://example.com/" + "a" * 2100, "URL too long"),
    ],
)
def test_start_url_problems_are_named(url: str, problem: str) -> None:
    assert problem in (start_url_problem(url) or "")


def test_good_start_urls_have_no_problem() -> None:
    for url in ("http://[::1]:8080/", "https://example.com/a?b=1", "http://127.0.0.1:8000/"):
        assert start_url_problem(url) is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("//////", None),  # no host: a browser's link goes nowhere
        ("//", None),
        ("///x/y", "http://x/y"),  # special schemes skip any number of slashes
        ("\\\\cdn.test\\a\\b.png", "http://cdn.test/a/b.png"),  # "\" is "/" for http(s)
        ("/\\other.test/", "http://other.test/"),
        ("a\\b.html", "http://ex.com/dir/a/b.html"),
        ("http:c.html", "http://ex.com/dir/c.html"),  # same scheme, no slashes: relative
        ("../../../up.html", "http://ex.com/up.html"),
    ],
)
def test_malformed_hrefs_resolve_as_browsers_resolve_them(href: str, expected: str | None) -> None:
    # The WHATWG URL standard's rules, which browsers follow; urljoin kept "//////" and "///x"
    # on the page's own host.
    assert resolve_link("http://ex.com/dir/page.html", href) == expected
