"""robots.txt answers and failures read as RFC 9309 says, through Scrapy's real downloader."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from siteaudit.analysis.crawl_events import check_crawl_events
from siteaudit.analysis.data import AuditData

from siteaudit.store import Store
from tests.helpers import html, run_siteaudit, stored_pages
from tests.loopback_server import running

RULES = b"User-agent: *\nDisallow: /private/\n"
PAGES = {
    "/": html("Home", '<a href="/public.html">public</a> <a href="/private/secret.html">s</a>'),
    "/public.html": html("Public", '<a href="/">home</a>'),
    "/private/secret.html": html("Secret", ""),
    "/private/other.html": html("Other", ""),
    "/rules.txt": "",
}


@contextmanager
def robots_site(answers: list[int | str]) -> Iterator[tuple[str, Counter[str]]]:
    """A site whose /robots.txt gives ``answers`` in turn (the last one repeats): an HTTP
    status (200 serves RULES, 301 points at /rules.txt, which serves RULES), "drop"
    (the connection closes without an answer) or "slow" (RULES after a second). Counts GET
    requests per path."""
    hits: Counter[str] = Counter()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            with lock:
                hits[self.path] += 1
                turn = hits["/robots.txt"] - 1
            if self.path == "/robots.txt":
                answer = answers[min(turn, len(answers) - 1)]
                if answer == "slow":
                    time.sleep(1.0)
                    answer = 200
                if answer == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                status = int(answer)
                if status == 301:
                    self._send(301, b"", {"Location": "/rules.txt"})
                else:
                    self._send(status, RULES if status == 200 else b"busy", {})
                return
            if self.path == "/rules.txt":
                self._send(200, RULES, {})
                return
            page = PAGES.get(self.path)
            if page is None:
                self._send(404, b"not here", {})
            else:
                self._send(200, page.encode(), {"Content-Type": "text/html; charset=utf-8"})

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with running(ThreadingHTTPServer(("127.0.0.1", 0), Handler)) as port:
        yield f"http://127.0.0.1:{port}", hits


def _crawl(
    base: str, out: Path, exit_codes: tuple[int, ...] = (0, 1), paths: tuple[str, ...] = ("/",)
) -> dict[str, Any]:
    urls = [base + path for path in paths]
    result = run_siteaudit("crawl", *urls, "-o", str(out), "-q", "--render", "never")
    assert result.returncode in exit_codes, result.stderr
    if result.returncode == 2:
        assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
        assert "robots.txt unreachable: HTTP 503" in result.stderr, result.stderr
    return {url: (p.status, p.error) for url, p in stored_pages(out).items()}


def test_a_robots_txt_lost_to_a_hiccup_is_fetched_again_and_obeyed(tmp_path: Path) -> None:
    with robots_site([503, "drop", 200]) as (base, hits):
        pages = _crawl(base, tmp_path / "out")
    assert hits["/private/secret.html"] == 0
    assert pages[base + "/private/secret.html"] == (0, "robots.txt")
    assert pages[base + "/public.html"][0] == 200


def test_robots_txt_behind_a_redirect_is_followed(tmp_path: Path) -> None:
    with robots_site([301]) as (base, hits):
        pages = _crawl(base, tmp_path / "out")
    assert hits["/rules.txt"] >= 1 and hits["/private/secret.html"] == 0
    assert pages[base + "/private/secret.html"] == (0, "robots.txt")


def test_a_robots_txt_that_keeps_failing_means_disallow_all(tmp_path: Path) -> None:
    with robots_site([503]) as (base, hits):
        pages = _crawl(base, tmp_path / "out", exit_codes=(2,))
    assert hits["/"] == 0 and hits["/private/secret.html"] == 0
    assert hits["/robots.txt"] >= 2  # tried again before giving up
    assert pages[base + "/"] == (0, "robots.txt unreachable")
    with Store.in_folder(tmp_path / "out", create=False) as store:
        data = AuditData.load(store, store.crawl().id)
        findings = [f for f in check_crawl_events(data) if f.check == "robots-unreachable"]
    assert [f.url for f in findings] == [base + "/robots.txt"]
    assert "HTTP 503" in findings[0].message


def test_every_request_waiting_for_robots_txt_obeys_it(tmp_path: Path) -> None:
    # Three start URLs reach the robots middleware together and wait for one slow
    # robots.txt: each must be checked against it, not only the first.
    paths = ("/", "/private/secret.html", "/private/other.html")
    with robots_site(["slow"]) as (base, hits):
        pages = _crawl(base, tmp_path / "out", paths=paths)
    assert hits["/robots.txt"] == 2  # the middleware's, and the spider's own (sitemaps)
    assert hits["/private/secret.html"] == hits["/private/other.html"] == 0
    assert pages[base + "/private/secret.html"] == (0, "robots.txt")
    assert pages[base + "/private/other.html"] == (0, "robots.txt")
    assert pages[base + "/public.html"][0] == 200


def test_a_missing_robots_txt_means_no_rules(tmp_path: Path) -> None:
    with robots_site([404]) as (base, hits):
        pages = _crawl(base, tmp_path / "out")
    assert hits["/private/secret.html"] == 1
    assert pages[base + "/private/secret.html"][0] == 200
