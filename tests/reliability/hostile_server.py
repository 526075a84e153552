"""A loopback site that is broken or hostile in every way a crawler meets on the web.

Each path is one fault (see ``FAULTS``); the home page links to all of them, in the URL
spellings found in the wild. ``robots`` picks how /robots.txt misbehaves, so several servers
(one per port, hence one robots.txt each) cover its faults in one crawl.
"""

from __future__ import annotations

import gzip
import socket
import struct
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.loopback_server import running

SIZE_CAP_MB = 1  # the crawl's --max-size in the fault test
TIMEOUT_S = 2.0  # the crawl's --timeout in the fault test
CALENDAR_VARIANTS = 5  # the crawl's --max-query-variants in the fault test
CHAIN_HOPS = 30

GBK_TITLE = "快递查询帮助"
SJIS_TITLE = "配送についてのよくある質問"
UTF16_TITLE = "Доставка и возврат"
LATIN1_TITLE = "Réclamations et délais de livraison"

# path -> what it does; the home page links to each.
FAULTS = {
    "/truncated": "HTML cut off mid-tag",
    "/malformed": "unbalanced tags, stray brackets and NUL bytes",
    "/gbk": "GBK, charset in the header",
    "/sjis": "Shift_JIS, charset in <meta> only",
    "/utf16": "UTF-16 with a BOM, no charset",
    "/latin1-undeclared": "Latin-1, no charset anywhere",
    "/wrong-charset": "Latin-1 bytes declared as UTF-8",
    "/binary": "random bytes served as text/html",
    "/huge": "a body over the size cap",
    "/bomb.html": "a gzip bomb as Content-Encoding",
    "/drip": "a body dripped slower than the timeout",
    "/reset": "the connection reset mid-body",
    "/busy429": "429 with Retry-After, then 200",
    "/busy503": "503 with Retry-After, then 200",
    "/loop-a": "a redirect loop",
    "/hop/0": f"a {CHAIN_HOPS}-hop redirect chain",
    "/refresh": "a meta-refresh redirect",
    "/based/page": "<base href> moves relative links",
    "/calendar?month=0": "an endless calendar",
}


@dataclass
class HostileSite:
    """A running hostile server: its base URL and the requests it answered."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=dict)
    agents: set[str] = field(default_factory=set)


def home_page(base: str) -> bytes:
    """Links to every fault, plus every odd spelling of a URL."""
    port = base.rsplit(":", 1)[1]
    links = [f'<a href="{path}">{label}</a>' for path, label in FAULTS.items()]
    links += [
        '<a href="sub/relative">relative</a>',
        f'<a href="//127.0.0.1:{port}/protocol-relative">protocol-relative</a>',
        '<a href="http://bücher.example/idn">IDN (external)</a>',
        '<a href="/caf%C3%A9">percent-encoded</a>',
        '<a href="/café">the same, unencoded</a>',
        '<a href="/with space">a space</a>',
        '<a href=" /padded ">padded</a>',
        "<a href=\"javascript:alert('x')\">javascript</a>",
        '<a href="JaVaScRiPt:alert(1)">javascript, mixed case</a>',
        '<a href="data:text/html,<script>alert(1)</script>">data</a>',
        '<a href="/session?sessionid=abc123">session id</a>',
        '<a href="/session;jsessionid=XYZ">path session id</a>',
        '<a href="/session?PHPSESSID=def456">another session id</a>',
        '<a href="http://[::1">broken IPv6 literal</a>',
        '<a href="http://127.0.0.1:99999/">port out of range</a>',
        '<a href="/robots.txt">robots</a>',
    ]
    return (
        "<!DOCTYPE html><html><head><title>Hostile home</title></head><body><main>"
        + "".join(links)
        + "</main></body></html>"
    ).encode()


def _html(title: str, body: str = "", head: str = "") -> str:
    return f"<html><head>{head}<title>{title}</title></head><body>{body}</body></html>"


def _bomb(megabytes: int) -> bytes:
    return gzip.compress(b" " * (megabytes * 1024 * 1024), compresslevel=9)


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: HostileSite
    robots: str  # ok, 5xx, huge, garbage, crawl-delay
    bomb: bytes

    def log_message(self, format: str, *args: object) -> None:
        return

    def handle(self) -> None:
        # The crawler hangs up on drips and caps: that is its job, not an error here.
        with suppress(ConnectionError, TimeoutError):
            super().handle()

    def do_GET(self) -> None:
        path = self.path
        self.site.hits[path] += 1
        self.site.agents.add(self.headers.get("User-Agent", ""))
        self.site.times.setdefault(path, []).append(time.monotonic())
        first = self.site.hits[path] == 1
        base = self.site.base
        if path == "/":
            if self.robots != "ok":
                return self._send(200, _html("Robots fault", '<a href="/plain">p</a>').encode())
            return self._send(200, home_page(base))
        if path == "/robots.txt":
            return self._robots()
        if path == "/sitemap.xml":
            return self._send(
                200, b"<?xml version='1.0'?><urlset><url><loc>/x</loc></urlset", "text/xml"
            )
        if path == "/bomb-sitemap.xml.gz":
            return self._send(200, self.bomb, "application/gzip")
        if path == "/truncated":
            body = b'<html><head><title>Truncated</title></head><body><a href="/before-cut">ok</a>'
            return self._send(200, body + b'<p>cut <a href="/t')
        if path == "/malformed":
            body = (
                b"<<html>><title>Malformed</title></head></head><body><div><p><b><i>x</b></i>"
                b'\x00\x00<a href="/fine">fine</a></div></div></div><<<>>><!-- never closed'
            )
            return self._send(200, body)
        if path == "/gbk":
            return self._send(200, _html(GBK_TITLE).encode("gbk"), "text/html; charset=gbk")
        if path == "/sjis":
            head = '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">'
            return self._send(200, _html(SJIS_TITLE, head=head).encode("shift_jis"), "text/html")
        if path == "/utf16":
            return self._send(200, _html(UTF16_TITLE).encode("utf-16"), "text/html")
        if path == "/latin1-undeclared":
            return self._send(200, _html(LATIN1_TITLE).encode("latin-1"), "text/html")
        if path == "/wrong-charset":
            body = _html(LATIN1_TITLE).encode("latin-1")
            return self._send(200, body, "text/html; charset=utf-8")
        if path == "/binary":
            noise = bytes((i * 7919 + 13) % 256 for i in range(64 * 1024))
            return self._send(200, noise)
        if path == "/huge":
            filler = b"<p>" + b"x" * 1000 + b"</p>"
            size = (SIZE_CAP_MB * 1024 * 1024) // len(filler) + 100
            return self._send(200, b"<html><title>Huge</title><body>" + filler * size)
        if path == "/bomb.html":
            return self._send(200, self.bomb, extra={"Content-Encoding": "gzip"})
        if path == "/drip":
            return self._drip()
        if path == "/reset":
            return self._reset()
        if path in ("/busy429", "/busy503"):
            if first:
                status = int(path[-3:])
                return self._send(status, b"busy", extra={"Retry-After": "1"})
            return self._send(200, _html("Served after waiting").encode())
        if path == "/loop-a":
            return self._send(301, b"", extra={"Location": "/loop-b"})
        if path == "/loop-b":
            return self._send(302, b"", extra={"Location": f"{base}/loop-a"})
        if path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            if n < CHAIN_HOPS:
                return self._send(301, b"", extra={"Location": f"/hop/{n + 1}"})
            return self._send(200, _html("End of chain").encode())
        if path == "/refresh":
            head = '<meta http-equiv="refresh" content="0; url=/refreshed">'
            return self._send(200, _html("Refreshing", head=head).encode())
        if path == "/based/page":
            head = '<base href="/elsewhere/">'
            return self._send(200, _html("Based", '<a href="target">t</a>', head).encode())
        if path.startswith("/calendar?month="):
            n = int(path.rsplit("=", 1)[1])
            body = f'<a href="?month={n - 1}">prev</a><a href="?month={n + 1}">next</a>'
            return self._send(200, _html(f"Month {n}", body).encode())
        return self._send(200, _html(f"Plain {path}").encode())

    def _robots(self) -> None:
        sitemaps = "Sitemap: /sitemap.xml\nSitemap: /bomb-sitemap.xml.gz\n"
        if self.robots == "crawl-delay":
            return self._send(200, b"User-agent: *\nCrawl-delay: 1\n", "text/plain")
        if self.robots == "5xx":
            return self._send(503, b"Service Unavailable", "text/plain")
        if self.robots == "huge":
            line = b"Disallow: /nothing-here-" + b"x" * 60 + b"\n"
            return self._send(200, b"User-agent: *\n" + line * 40000, "text/plain")
        if self.robots == "garbage":
            noise = bytes((i * 31 + 7) % 256 for i in range(4096))
            return self._send(
                200, b"\xff\xfe<html>" + noise + b"\nDisallow /\n::::\n", "text/plain"
            )
        return self._send(
            200, f"User-agent: *\nDisallow: /private\n{sitemaps}".encode(), "text/plain"
        )

    def _drip(self) -> None:
        body = _html("Drip", "x" * 200).encode()
        self._head(200, len(body), "text/html")
        deadline = time.monotonic() + TIMEOUT_S * 3
        for i in range(len(body)):
            if time.monotonic() > deadline:
                break
            self.wfile.write(body[i : i + 1])
            self.wfile.flush()
            time.sleep(0.05)

    def _reset(self) -> None:
        self._head(200, 100_000, "text/html")
        self.wfile.write(b"<html><head><title>Reset</title></head><body>" + b"y" * 5000)
        self.wfile.flush()
        # SO_LINGER 0: close() sends RST instead of FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _head(
        self, status: int, length: int, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html",
        extra: dict[str, str] | None = None,
    ) -> None:
        self._head(status, len(body), content_type, extra)
        with suppress(OSError):
            self.wfile.write(body)


@contextmanager
def serve_hostile(robots: str = "ok") -> Iterator[HostileSite]:
    """Serve the hostile site on 127.0.0.1 with the given robots.txt behaviour."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    site = HostileSite(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = type(
        "Handler", (HostileHandler,), {"site": site, "robots": robots, "bomb": _bomb(60)}
    )
    with running(server):
        yield site
