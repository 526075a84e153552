"""The shipped folder server (check DIR, demo): static files, and the folder's own _redirects
and _headers rules, through real HTTP on loopback."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from siteaudit.app.folder_rules import match_path, parse_headers, parse_redirects
from siteaudit.app.folder_server import serve_folder
from siteaudit.core.config import ConfigError
from tests.helpers import html, write_site


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, method: str = "GET") -> tuple[int, Message, bytes]:
    """Status, headers and body of one request; redirects are not followed."""
    request = urllib.request.Request(url, method=method)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


def test_files_are_served_as_they_are_with_their_content_types(tmp_path: Path) -> None:
    gbk = '<meta charset="gbk"><a href="__BASE_URL__/a">海运</a>'.encode("gbk")
    write_site(
        tmp_path,
        {
            "index.html": html("Home", ""),
            "gbk.html": gbk,
            "doc.txt": "see __BASE_URL__/doc.txt",
            "logo.png": b"\x89PNG",
            "site.css": "body{}",
            "feed.xml": "<rss/>",
        },
    )
    with serve_folder(tmp_path) as base:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        status, headers, body = fetch(base + "/gbk.html")
        assert status == 200 and body == gbk  # no placeholder rewriting
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert fetch(base + "/doc.txt")[2] == b"see __BASE_URL__/doc.txt"
        assert fetch(base + "/doc.txt")[1]["Content-Type"] == "text/plain; charset=utf-8"
        assert fetch(base + "/logo.png")[1]["Content-Type"] == "image/png"
        assert fetch(base + "/site.css")[1]["Content-Type"] == "text/css; charset=utf-8"
        assert fetch(base + "/feed.xml")[1]["Content-Type"] == "application/xml"
        status, headers, body = fetch(base + "/logo.png", method="HEAD")
        assert status == 200 and body == b"" and headers["Content-Length"] == "4"


def test_folders_serve_their_index_and_get_their_slash(tmp_path: Path) -> None:
    write_site(tmp_path, {"docs/index.html": html("Docs", ""), "empty/x.png": b"x"})
    with serve_folder(tmp_path) as base:
        status, _, body = fetch(base + "/docs/")
        assert status == 200 and b"<h1>Docs</h1>" in body
        status, headers, _ = fetch(base + "/docs")
        assert status == 301 and headers["Location"] == base + "/docs/"
        assert fetch(base + "/empty/")[0] == 404  # no index.html: no listing either


def test_missing_hidden_and_outside_paths_are_404(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"index.html": html("Home", ""), ".env": "SECRET=1"})
    (tmp_path / "outside.html").write_text("outside", encoding="utf-8")
    with serve_folder(site) as base:
        status, headers, body = fetch(base + "/nope.html")
        assert status == 404 and headers["Content-Type"].startswith("text/html")
        assert b"404 Not Found" in body
        assert fetch(base + "/.env")[0] == 404
        assert fetch(base + "/%2e%2e/outside.html")[0] == 404


def test_a_sites_own_404_page_answers_missing_paths(tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": html("Home", ""), "404.html": html("Lost", "")})
    with serve_folder(tmp_path) as base:
        status, _, body = fetch(base + "/nope")
        assert status == 404 and b"<h1>Lost</h1>" in body


def test_redirect_rules_answer_their_status_with_an_absolute_location(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "index.html": html("Home", ""),
            "new.html": html("New", ""),
            "_redirects": "# moved pages\n"
            "/old.html   /new.html\n"
            "/tmp.html   /new.html   302\n"
            "/blog/*     /news/:splat   308\n"
            "/u/:name/x  /people/:name.html  307\n"
            "/away       https://example.org/  301\n",
        },
    )
    with serve_folder(tmp_path) as base:
        assert fetch(base + "/old.html")[0] == 301
        assert fetch(base + "/old.html")[1]["Location"] == base + "/new.html"
        assert fetch(base + "/tmp.html")[0] == 302
        status, headers, _ = fetch(base + "/blog/2024/post?ref=x")
        assert status == 308 and headers["Location"] == base + "/news/2024/post?ref=x"
        assert fetch(base + "/u/ann/x")[1]["Location"] == base + "/people/ann.html"
        assert fetch(base + "/away")[1]["Location"] == "https://example.org/"
        assert fetch(base + "/_redirects")[0] == 404


def test_existing_files_shadow_rules_unless_forced(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "kept.html": html("Kept", ""),
            "gone.html": html("Gone", ""),
            "_redirects": "/kept.html /index.html 301\n"
            "/gone.html /gone.html 410!\n"
            "/broken /broken 500\n",
        },
    )
    with serve_folder(tmp_path) as base:
        assert fetch(base + "/kept.html")[0] == 200
        status, _, body = fetch(base + "/gone.html")
        assert status == 410 and b"<h1>Gone</h1>" in body
        status, _, body = fetch(base + "/broken")
        assert status == 500 and b"500 Internal Server Error" in body


def test_rewrites_serve_another_file_and_can_match_query_parameters(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "months/2026-01.html": html("January", ""),
            "app/index.html": html("App", ""),
            "_redirects": "/calendar month=:m /months/:m.html 200\n/app/* /app/index.html 200\n",
        },
    )
    with serve_folder(tmp_path) as base:
        status, _, body = fetch(base + "/calendar?month=2026-01")
        assert status == 200 and b"<h1>January</h1>" in body
        assert fetch(base + "/calendar?month=2026-02")[0] == 404
        assert fetch(base + "/calendar")[0] == 404  # the parameter is required
        assert fetch(base + "/calendar?month=../../etc/passwd")[0] == 404
        status, _, body = fetch(base + "/app/some/route")
        assert status == 200 and b"<h1>App</h1>" in body


def test_header_rules_add_headers_and_may_set_the_content_type(tmp_path: Path) -> None:
    gbk = "<title>海运</title>".encode("gbk")
    write_site(
        tmp_path,
        {
            "gbk.html": gbk,
            "private/a.html": html("A", ""),
            "_headers": "# legacy page\n/gbk.html\n  Content-Type: text/html; charset=gbk\n"
            "/private/*\n  X-Robots-Tag: noindex\n  Cache-Control: no-store\n"
            "/*\n  X-Frame-Options: DENY\n",
        },
    )
    with serve_folder(tmp_path) as base:
        status, headers, body = fetch(base + "/gbk.html")
        assert status == 200
        assert headers["Content-Type"] == "text/html; charset=gbk" and body == gbk
        assert headers["X-Frame-Options"] == "DENY" and "X-Robots-Tag" not in headers
        _, headers, _ = fetch(base + "/private/a.html")
        assert headers["X-Robots-Tag"] == "noindex" and headers["Cache-Control"] == "no-store"
        assert fetch(base + "/_headers")[0] == 404


def test_rules_the_server_cannot_honour_locally_are_left_out() -> None:
    rules = parse_redirects(
        "/api/*  https://api.example.org/:splat  200\n"  # a proxy: never fetch other hosts
        "/fr/*   /fr/index.html  302  Country=fr\n"  # a condition: nothing to decide it on
        "https://other.example.org/* https://example.org/:splat 301\n"
        "/kept   /index.html\n"
    )
    assert [(r.source, r.target, r.status) for r in rules] == [("/kept", "/index.html", 301)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("old.html /new.html 301", "line 1: the path must start with /"),
        ("# c\n/old.html", "line 2: no target"),
        ("/a /b 299", "status 299 is not served"),
        ("/a/*/b /c 301", r"\* may only end the path"),
    ],
)
def test_unreadable_redirect_rules_name_their_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_redirects(text)


def test_unreadable_header_rules_name_their_line_and_fail_serving(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="line 1: expected 'Name: value'"):
        parse_headers("  X-Robots-Tag: noindex\n")
    write_site(tmp_path, {"index.html": html("Home", ""), "_redirects": "nowhere\n"})
    with pytest.raises(ConfigError, match="_redirects: line 1"), serve_folder(tmp_path):
        pass


@pytest.mark.parametrize(
    ("pattern", "path", "bound"),
    [
        ("/a/b", "/a/b", {}),
        ("/a/b", "/a/b/", None),
        ("/a/:x", "/a/1", {"x": "1"}),
        ("/a/:x", "/a/", None),
        ("/a/*", "/a", {"splat": ""}),
        ("/a/*", "/a/b/c", {"splat": "b/c"}),
        ("/*", "/anything/at/all", {"splat": "anything/at/all"}),
        ("/a/:x/*", "/a/1/2/3", {"x": "1", "splat": "2/3"}),
    ],
)
def test_path_patterns_bind_placeholders_and_splats(
    pattern: str, path: str, bound: dict[str, str] | None
) -> None:
    assert match_path(pattern, path) == bound


def test_the_server_stops_when_the_context_exits(tmp_path: Path) -> None:
    write_site(tmp_path, {"index.html": html("Home", "")})
    with serve_folder(tmp_path) as base:
        assert fetch(base + "/")[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + "/", timeout=2)


def test_clean_urls_serve_the_html_file(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"about.html": html("About", ""), "blog/index.html": html("Blog", "")},
    )
    with serve_folder(tmp_path) as base:
        status, _, body = fetch(base + "/about")
        assert status == 200 and b"<title>About</title>" in body
        assert fetch(base + "/about?x=1")[0] == 200
        assert fetch(base + "/blog")[0] == 301  # a folder still moves to its slash form
        assert fetch(base + "/about/")[0] == 404
        assert fetch(base + "/nothing")[0] == 404


def test_symbolic_links_are_followed_wherever_they_point(tmp_path: Path) -> None:
    # As a Debian documentation package ships its scripts: links into a shared folder.
    shared = write_site(tmp_path / "javascript", {"jquery.js": "var jQuery;"})
    site = write_site(tmp_path / "site", {"index.html": html("Home", "")})
    (site / "_static").mkdir()
    (site / "_static" / "jquery.js").symlink_to(shared / "jquery.js")
    (site / "_static" / "gone.js").symlink_to(shared / "gone.js")
    (site / "lib").symlink_to(shared, target_is_directory=True)
    with serve_folder(site) as base:
        assert fetch(base + "/_static/jquery.js")[:3:2] == (200, b"var jQuery;")
        assert fetch(base + "/lib/jquery.js")[0] == 200
        assert fetch(base + "/_static/gone.js")[0] == 404  # a link to nothing
        assert fetch(base + "/lib/../../javascript/jquery.js")[0] == 404
