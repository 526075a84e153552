"""Start URLs that cannot be crawled are errors (one line, exit 2), and IPv6 literals work."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.helpers import free_port, html, run_siteaudit, stored_pages, write_site
from tests.site_server import serve_site

_LONG = f"http://127.0.0.1:{free_port()}/" + "a" * 5000


@pytest.mark.parametrize("command", ["crawl", "check"])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[::1", "not a valid URL"),
        ("http://127.0.0.1:99999/", "port"),
        (_LONG, "too long"),
        (f"http://127.0.0.1:{free_port()}/" + "é" * 400, "too long once encoded"),
        ("http://[::1]x/", "not a valid URL"),
        ("http://user@/", "not a valid URL"),
    ],
)
def test_a_start_url_that_cannot_be_crawled_is_a_one_line_error(
    command: str, url: str, message: str, tmp_path: Path
) -> None:
    result = run_siteaudit(command, url, "-o", str(tmp_path / "out"), "-q")
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def _has_ipv6_loopback() -> bool:
    with socket.socket(socket.AF_INET6) as sock:
        try:
            sock.bind(("::1", 0))
        except OSError:
            return False
    return True


def test_an_ipv6_literal_start_url_is_crawled_end_to_end(tmp_path: Path) -> None:
    assert _has_ipv6_loopback(), "this machine has no IPv6 loopback"
    root = write_site(
        tmp_path / "site",
        {"index.html": html("Home", '<a href="/a.html">a</a>'), "a.html": html("A", "")},
    )
    output = tmp_path / "out"
    with serve_site(root, host="::1") as base:
        assert base.startswith("http://[::1]:")
        result = run_siteaudit("crawl", base + "/", "-o", str(output), "-q")
    assert result.returncode == 0, result.stderr
    pages = stored_pages(output)
    assert {url: p.status for url, p in pages.items()} == {base + "/": 200, base + "/a.html": 200}
    assert pages[base + "/a.html"].found_on == base + "/"
