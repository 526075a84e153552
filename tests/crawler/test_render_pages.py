"""What the browser fetches while rendering, and what a reused page reports, on a real Chromium.

A recording server on loopback serves a small site and notes every request with the browser's
``Sec-Fetch-Dest`` header (Scrapy's raw fetches send none). The crawls run Scrapy's spider as
a process, with ``--no-assets`` so the raw crawl requests no image, script or font itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from tests.helpers import REPO, render_facts
from tests.js_site import LOGO_PNG
from tests.loopback_server import running

# Every kind of resource a page can load. The browser may fetch scripts, styles and data a
# script asks for; never images, audio, video or web fonts.
RESOURCES = """
<link rel="stylesheet" href="/style.css">
<img src="/logo.png" alt="Logo">
<picture><source srcset="/photo.webp" type="image/webp"><img src="/photo.png" alt=""></picture>
<video src="/clip.mp4" autoplay muted playsinline></video>
<video preload="auto" controls><source src="/movie.webm" type="video/webm"></video>
<audio src="/song.mp3" preload="auto" autoplay></audio>
<script src="/app.js"></script>
<script>
  fetch('/data.json').then(r => r.json()).then(d => {
    const a = document.createElement('a'); a.href = d.link; a.textContent = 'From data';
    document.querySelector('main').appendChild(a);
  });
  const song = new Audio('/dynamic.mp3'); song.play().catch(() => null);
</script>
"""
STYLE = (
    "@font-face { font-family: Brand; src: url(/brand.woff2) format('woff2'); }"
    "body { font-family: Brand, sans-serif; background: url(/back.png); }"
)
APP_JS = "document.querySelector('main').dataset.app = 'ran';"
BLOCKED = (
    "/logo.png",
    "/photo.webp",
    "/photo.png",
    "/back.png",
    "/clip.mp4",
    "/movie.webm",
    "/song.mp3",
    "/dynamic.mp3",
    "/brand.woff2",
)


def _html(title: str, body: str) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head>"
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode()


class _Recorder(BaseHTTPRequestHandler):
    """Serves ``files``; notes (path, Sec-Fetch-Dest, X-Audit header) of every request."""

    files: ClassVar[dict[str, tuple[str, bytes]]]
    seen: ClassVar[list[tuple[str, str, str]]]

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        dest = self.headers.get("Sec-Fetch-Dest", "")
        self.seen.append((path, dest, self.headers.get("X-Audit", "")))
        if path not in self.files:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type, body = self.files[path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _serve(files: dict[str, tuple[str, bytes]]) -> Iterator[tuple[str, list]]:
    seen: list[tuple[str, str, str]] = []
    handler = type("Handler", (_Recorder,), {"files": files, "seen": seen})
    with running(ThreadingHTTPServer(("127.0.0.1", 0), handler)) as port:
        yield f"http://127.0.0.1:{port}", seen


def _crawl(out: Path, url: str, **config: Any) -> str:
    """Crawl ``url`` with every page rendered; the crawl's log (Scrapy's stats at its end)."""
    settings = {"use_sitemaps": False, "render": "always", "check_assets": False, **config}
    args = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={url}"]
    args += ["-a", "config_json=" + json.dumps(settings)]
    args += ["-s", f"SITEAUDIT_OUTPUT={out}", "-s", "LOG_LEVEL=INFO"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_rendering_loads_scripts_styles_and_data_but_no_images_media_or_fonts(
    tmp_path: Path,
) -> None:
    files = {
        "/": ("text/html; charset=utf-8", _html("Home", RESOURCES)),
        "/from-data.html": ("text/html; charset=utf-8", _html("From data", "<p>Found.</p>")),
        "/style.css": ("text/css", STYLE.encode()),
        "/app.js": ("application/javascript", APP_JS.encode()),
        "/data.json": ("application/json", b'{"link": "/from-data.html"}'),
        **{path: ("application/octet-stream", LOGO_PNG) for path in BLOCKED},
    }
    with _serve(files) as (base, seen):
        _crawl(tmp_path / "out", f"{base}/")
    browser = [(path, dest) for path, dest, _ in seen if dest]
    fetched = {path for path, _ in browser}
    # Scripts, styles and a script's fetch run as in any browser: the link it adds is crawled.
    assert {"/", "/app.js", "/style.css", "/data.json", "/from-data.html"} <= fetched, browser
    assert not fetched & set(BLOCKED), sorted(fetched & set(BLOCKED))
    facts = render_facts(tmp_path / "out")[f"{base}/"]
    assert facts["used"] == "rendered" and facts["settled"]
    assert facts["new_links"] == [f"{base}/from-data.html"]
    # What the browser never asked for is neither a failed request nor a console error.
    assert facts["failed_requests"] == [] and facts["console_errors"] == []


def test_a_reused_page_reports_each_urls_own_errors_once(tmp_path: Path) -> None:
    # One page renders every URL in turn (--render-pages 1): what one URL's scripts did must
    # be reported for that URL alone, once, however many URLs the page rendered before.
    def broken(name: str) -> bytes:
        script = (
            f"<script>console.error('broken {name}');"
            f"fetch('/missing-{name}.json').then(r => r.text()).catch(() => null);</script>"
        )
        return _html(f"Page {name}", f"<p>{name}</p>{script}<a href='/{name}2.html'>next</a>")

    files = {
        "/": ("text/html", _html("Home", "".join(f"<a href='/{n}.html'>{n}</a>" for n in "abc"))),
        "/a.html": ("text/html", broken("a")),
        "/b.html": ("text/html", _html("Page b", "<p>clean</p><script>1</script>")),
        "/c.html": ("text/html", broken("c")),
        "/a2.html": ("text/html", broken("a2")),
        "/c2.html": ("text/html", _html("Page c2", "<p>clean</p>")),
    }
    with _serve(files) as (base, _seen):
        log = _crawl(tmp_path / "out", f"{base}/", render_concurrency=1)
    facts = render_facts(tmp_path / "out")
    assert set(facts) == {
        f"{base}/{p}" for p in ("", "a.html", "b.html", "c.html", "a2.html", "c2.html")
    }
    for name in ("a", "c", "a2"):
        page = facts[f"{base}/{name}.html"]
        assert page["console_errors"][:1] == [f"broken {name}"], page
        assert [e for e in page["console_errors"] if "broken" in e] == [f"broken {name}"], page
        assert page["failed_requests"] == [f"{base}/missing-{name}.json (HTTP 404)"], page
    for clean in ("", "b.html", "c2.html"):
        page = facts[f"{base}/{clean}"]
        assert page["console_errors"] == [] and page["failed_requests"] == [], page
    # All six URLs were rendered on one page of the pool, navigated from URL to URL.
    opened = re.search(r"'playwright/page_count': (\d+)", log)
    assert opened is not None and opened.group(1) == "1", log[-3000:]


def test_configured_headers_go_with_the_rendered_pages_own_request_only(tmp_path: Path) -> None:
    files = {
        "/": ("text/html", _html("Home", "<script src='/app.js'></script>")),
        "/app.js": ("application/javascript", APP_JS.encode()),
    }
    with _serve(files) as (base, seen):
        _crawl(tmp_path / "out", f"{base}/", headers=["X-Audit: yes"])
    browser = {(path, dest, audit) for path, dest, audit in seen if dest}
    assert ("/", "document", "yes") in browser, browser
    assert ("/app.js", "script", "") in browser, browser
    raw = [audit for path, dest, audit in seen if path == "/" and not dest]
    assert raw == ["yes"]  # the raw fetch carries it too
