"""A test server for fixture sites that misbehave on purpose (not shipped).

It serves a folder over loopback as configured by an optional ``_server.json`` in it:
redirects, extra headers, error statuses and endless calendar pages (a spider trap). The
placeholder ``__BASE_URL__`` in text files is replaced at serve time, so fixtures can hold
absolute URLs (sitemaps, canonicals) whose port is only known at run time. The shipped
server for real folders is siteaudit/app/folder_server.py.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from siteaudit.app.folder_server import error_page
from tests.loopback_server import running

CONFIG_NAME = "_server.json"
BASE_URL_PLACEHOLDER = b"__BASE_URL__"

_TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_MONTH_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_DEFAULT_TRAP_MONTH = "2026-01"


@dataclass(frozen=True, slots=True)
class Redirect:
    """One configured redirect: where it points and with which status."""

    to: str
    status: int = 301


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """The misbehaviour a served folder asks for in its ``_server.json``."""

    redirects: dict[str, Redirect] = field(default_factory=dict)
    headers: dict[str, dict[str, str]] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    calendar_traps: frozenset[str] = frozenset()


def load_server_config(root: Path) -> ServerConfig:
    """Read ``root/_server.json``; a folder without one gets plain static serving."""
    path = root / CONFIG_NAME
    if not path.is_file():
        return ServerConfig()
    raw = json.loads(path.read_text(encoding="utf-8"))
    redirects: dict[str, Redirect] = {}
    for entry in raw.get("redirects", []):
        status = int(entry.get("status", 301))
        if status not in _REDIRECT_STATUSES:
            raise ValueError(f"{CONFIG_NAME}: redirect status {status} is not a redirect")
        redirects[entry["from"]] = Redirect(entry["to"], status)
    return ServerConfig(
        redirects=redirects,
        headers={e["path"]: dict(e["headers"]) for e in raw.get("headers", [])},
        statuses={e["path"]: int(e["status"]) for e in raw.get("status", [])},
        calendar_traps=frozenset(raw.get("calendar_traps", [])),
    )


def content_type_for(path: Path) -> str:
    """The Content-Type a file is served with unless ``_server.json`` overrides it."""
    suffix = path.suffix.lower()
    if suffix in _TEXT_TYPES:
        return _TEXT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _shift_month(month: str, delta: int) -> str:
    year, mon = (int(part) for part in month.split("-"))
    index = year * 12 + (mon - 1) + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def render_calendar_page(path: str, month: str) -> bytes:
    """An events page for one month, linking to the months either side, forever."""
    prev_month, next_month = _shift_month(month, -1), _shift_month(month, 1)
    year, mon = month.split("-")
    # A few invented events whose days depend on the month, so pages are not all identical.
    seed = int(year) * 12 + int(mon)
    events = "".join(
        f"<li>{(seed * (i + 3)) % 27 + 1:02d} {month}: {html.escape(name)}</li>"
        for i, name in enumerate(("Customs clinic (online)", "Warehouse open day", "FBA Q&A hour"))
    )
    body = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Events calendar {month}</title>"
        f'<meta name="description" content="Webinars, clinics and open days in {month}.">'
        "</head><body><main>"
        f"<h1>Events in {month}</h1><ul>{events}</ul>"
        f'<p><a href="{html.escape(path)}?month={prev_month}">Previous month</a> | '
        f'<a href="{html.escape(path)}?month={next_month}">Next month</a></p>'
        "</main></body></html>\n"
    )
    return body.encode("utf-8")


class _SiteHandler(BaseHTTPRequestHandler):
    """Answers GET and HEAD from ``root`` under the rules of ``config``."""

    root: Path
    config: ServerConfig
    server_version = "siteaudit-test/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        # Test and demo output would drown in access logs.
        return

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _base_url(self) -> str:
        # The Host header is what the client used, so absolute URLs stay reachable by it.
        host = self.headers.get("Host")
        if host:
            return f"http://{host}"
        address, port = self.server.server_address[:2]
        return f"http://[{address}]:{port}" if ":" in address else f"http://{address}:{port}"

    def _answer(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        path = unquote(parts.path) or "/"
        config = self.config

        if path in config.redirects:
            redirect = config.redirects[path]
            location = redirect.to
            if location.startswith("/"):
                location = self._base_url() + location
            self._send(
                redirect.status, b"", "text/html; charset=utf-8", send_body, {"Location": location}
            )
            return

        if path in config.calendar_traps:
            month = parse_qs(parts.query).get("month", [_DEFAULT_TRAP_MONTH])[0]
            if not _MONTH_RE.match(month):
                self._send(400, error_page(400), "text/html; charset=utf-8", send_body)
                return
            page = render_calendar_page(path, month)
            self._send(200, page, "text/html; charset=utf-8", send_body)
            return

        file_path = self._resolve(path)
        if file_path is None:
            status = config.statuses.get(path, 404)
            self._send(status, error_page(status), "text/html; charset=utf-8", send_body)
            return
        if file_path.is_dir():
            # Like any static server: a folder URL without its slash moves to the slash form.
            location = self._base_url() + path + "/"
            self._send(301, b"", "text/html; charset=utf-8", send_body, {"Location": location})
            return

        body = file_path.read_bytes()
        if file_path.suffix.lower() in _TEXT_TYPES:
            body = body.replace(BASE_URL_PLACEHOLDER, self._base_url().encode("ascii"))
        extra = dict(config.headers.get(path, {}))
        content_type = extra.pop("Content-Type", None) or content_type_for(file_path)
        self._send(config.statuses.get(path, 200), body, content_type, send_body, extra)

    def _resolve(self, path: str) -> Path | None:
        """The file a URL path names, or None when missing, hidden or outside the root."""
        segments = [s for s in path.split("/") if s]
        if any(s in {".", ".."} or s.startswith(".") or "\\" in s for s in segments):
            return None
        if segments == [CONFIG_NAME]:
            return None
        candidate = self.root.joinpath(*segments).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir() and path.endswith("/"):
            candidate = candidate / "index.html"
        if candidate.is_dir() or candidate.is_file():
            return candidate
        return None

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _IPv6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


@contextmanager
def serve_site(root: Path, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``root`` in a background thread; yield its base URL (no trailing slash)."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"not a folder: {root}")
    handler = type(
        "SiteHandler", (_SiteHandler,), {"root": root, "config": load_server_config(root)}
    )
    server_class = _IPv6Server if ":" in host else ThreadingHTTPServer
    server = server_class((host, port), handler)
    bound_host = str(server.server_address[0])
    if ":" in bound_host:
        bound_host = f"[{bound_host}]"  # an IPv6 literal in a URL
    with running(server, "siteaudit-test-site") as bound_port:
        yield f"http://{bound_host}:{bound_port}"
