"""Serve a folder of built pages on a loopback port, as a static host would.

``siteaudit check DIR`` and ``siteaudit demo`` crawl a folder through this server: files as
they are (no rewriting), ``index.html`` for folder URLs, content types from file names, 404
for anything missing or hidden (symbolic links are followed, wherever they point), and the
folder's own ``_redirects`` and ``_headers`` rules (see folder_rules.py). It binds 127.0.0.1
on a port the system picks.
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from siteaudit.app.folder_rules import HEADERS_FILE, REDIRECTS_FILE, FolderRules, load_folder_rules

# Text types get an explicit charset, as static hosts send them; a page in another encoding
# says so in the folder's _headers.
_TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
}
_RULE_FILES = {REDIRECTS_FILE, HEADERS_FILE}
_NOT_FOUND_PAGE = "404.html"  # the static hosts' convention for a site's own 404 page


def content_type_for(path: Path) -> str:
    """The Content-Type a file is served with (unless ``_headers`` sets one)."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_TYPES:
        return _TEXT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def error_page(status: int) -> bytes:
    """A small HTML page naming the status."""
    phrase = HTTPStatus(status).phrase
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{status} '
        f"{phrase}</title></head><body><h1>{status} {phrase}</h1></body></html>\n"
    ).encode()


def clean_url_file(candidate: Path, path: str) -> Path | None:
    """The ``.html`` file a clean URL names ("/about" -> about.html), as static hosts
    (Netlify, Cloudflare Pages, GitHub Pages) serve it; None when there is none."""
    if path.endswith("/") or not candidate.name:
        return None
    page = candidate.with_name(candidate.name + ".html")
    return page if page.is_file() else None


class FolderHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from ``root`` under its ``rules``; see :func:`make_handler`."""

    root: Path
    rules: FolderRules
    server_version = "siteaudit-folder/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return  # a check's output would drown in access logs

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _base_url(self) -> str:
        # The Host header is what the client used, so redirect targets stay reachable by it.
        host = self.headers.get("Host")
        if host:
            return f"http://{host}"
        bound = self.server.server_address
        assert isinstance(bound, tuple)  # an AF_INET server's address is (host, port)
        address, port = bound[:2]
        return f"http://{address}:{port}"

    def _answer(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        found = self.resolve(path)
        for rule in self.rules.redirects:
            if found is not None and not rule.force:
                continue  # an existing file shadows the rule, as on Netlify
            target = rule.match(path, parts.query)
            if target is None:
                continue
            if rule.is_redirect:
                if "?" not in target and parts.query and not rule.query:
                    target += "?" + parts.query
                location = self._base_url() + target if target.startswith("/") else target
                self._send(rule.status, b"", None, send_body, {"Location": location})
                return
            self._serve(path, self.resolve(urlsplit(target).path), rule.status, send_body)
            return
        if found is not None and found.is_dir():
            # A folder URL without its slash moves to the slash form, like any static host.
            location = self._base_url() + path + "/"
            self._send(301, b"", None, send_body, {"Location": location})
            return
        self._serve(path, found, 200, send_body)

    def _serve(self, path: str, file: Path | None, status: int, send_body: bool) -> None:
        if file is None or not file.is_file():
            if status == 200:
                status = 404
            page = self.root / _NOT_FOUND_PAGE
            body = page.read_bytes() if status == 404 and page.is_file() else error_page(status)
            self._send(status, body, "text/html; charset=utf-8", send_body)
            return
        extra = self.rules.headers_for(path)
        content_type = extra.pop("Content-Type", None) or content_type_for(file)
        self._send(status, file.read_bytes(), content_type, send_body, extra)

    def resolve(self, path: str) -> Path | None:
        """The file or folder a URL path names, or None when missing, hidden or outside."""
        segments = [s for s in path.split("/") if s]
        if any(s in {".", ".."} or s.startswith(".") or "\\" in s for s in segments):
            return None
        if len(segments) == 1 and segments[0] in _RULE_FILES:
            return None
        # No "." or ".." segment: the URL path stays inside the folder. Symbolic links are
        # followed wherever they point, as nginx, Apache and `python -m http.server` do (a
        # Debian documentation package links its scripts into /usr/share/javascript); a
        # link to nothing is a missing file.
        candidate = self.root.joinpath(*segments)
        if candidate.is_dir() and path.endswith("/"):
            candidate = candidate / "index.html"
        if candidate.is_dir() or candidate.is_file():
            return candidate
        return clean_url_file(candidate, path)

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str | None,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type or "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class FolderServer(ThreadingHTTPServer):
    """A threading server whose backlog takes a crawler's burst of connections."""

    daemon_threads = True
    # A crawl opens dozens of connections at once; the default backlog of 5 makes the
    # kernel refuse some of them.
    request_queue_size = 128


def make_handler(root: Path) -> type[FolderHandler]:
    """A handler class serving ``root`` under its own rules (ConfigError if they are bad)."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"not a folder: {root}")
    return type("FolderHandler", (FolderHandler,), {"root": root, "rules": load_folder_rules(root)})


@contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 in a background thread; yield its base URL (no slash)."""
    server = FolderServer(("127.0.0.1", 0), make_handler(root))
    thread = threading.Thread(target=server.serve_forever, name="siteaudit-folder", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    assert isinstance(host, str)  # getsockname() gives AF_INET hosts as text
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
