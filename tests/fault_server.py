"""A loopback HTTP(S) server that fails in every way a link checker must recognise."""

from __future__ import annotations

import datetime as dt
import ssl
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.loopback_server import running

PAGE = (
    b"<!DOCTYPE html><html><head><title>Target</title></head><body>"
    b'<h2 id="intro">Intro</h2><a name="legacy"></a><p>Text</p></body></html>'
)
REDIRECTS = {
    "/moved": "/ok",
    "/chain1": "/chain2",
    "/chain2": "/chain3",
    "/chain3": "/ok",
    "/loop1": "/loop2",
    "/loop2": "/loop1",
}
SLOW_SECONDS = 3.0


class FaultHandler(BaseHTTPRequestHandler):
    """GET/HEAD answers keyed by path; ``hits`` counts requests per (method, path)."""

    protocol_version = "HTTP/1.1"
    hits: Counter[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        return

    def handle(self) -> None:
        # The checker hangs up on slow answers (its timeout): not an error here.
        with suppress(ConnectionError):
            super().handle()

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        path = self.path.split("?")[0]
        self.hits[(self.command, path)] += 1
        if path in REDIRECTS:
            return self._send(301, b"", {"Location": REDIRECTS[path]}, head)
        if path in ("/ok", "/page.html"):
            return self._send(200, PAGE, {"Content-Type": "text/html; charset=utf-8"}, head)
        if path == "/head405":
            if head:
                return self._send(405, b"", {"Allow": "GET"}, head)
            return self._send(200, b"ok", {}, head)
        if path == "/retry429":
            if self.hits[(self.command, path)] + self.hits[("GET" if head else "HEAD", path)] == 1:
                return self._send(429, b"slow down", {"Retry-After": "1"}, head)
            return self._send(200, b"ok", {}, head)
        if path == "/flaky500":
            if sum(n for (m, p), n in self.hits.items() if p == path) == 1:
                return self._send(500, b"oops", {}, head)
            return self._send(200, b"ok", {}, head)
        if path == "/challenge":
            return self._send(403, b"captcha", {"cf-mitigated": "challenge"}, head)
        if path == "/forbidden":
            return self._send(403, b"no", {}, head)
        if path == "/linkedin":
            return self._send(999, b"", {}, head)
        if path == "/auth":
            ok = self.headers.get("X-Token") == "s3cret"
            return self._send(200 if ok else 401, b"", {}, head)
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, b"late", {}, head)
        for code in (404, 410, 500):
            if path == f"/{code}":
                return self._send(code, b"error", {}, head)
        return self._send(404, b"not found", {}, head)

    def _send(self, status: int, body: bytes, headers: dict[str, str], head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            with suppress(OSError):
                self.wfile.write(body)


@contextmanager
def serve_faults(tls_dir: Path | None = None) -> Iterator[tuple[str, Counter[tuple[str, str]]]]:
    """Serve the faults on 127.0.0.1 (HTTPS with a fresh self-signed cert when tls_dir)."""
    hits: Counter[tuple[str, str]] = Counter()
    handler = type("Handler", (FaultHandler,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    scheme = "http"
    if tls_dir is not None:
        cert, key = self_signed_cert(tls_dir)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    with running(server) as port:
        yield f"{scheme}://127.0.0.1:{port}", hits


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the cryptography package."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
