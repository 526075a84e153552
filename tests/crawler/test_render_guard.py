"""With private addresses forbidden (the service), the browser's own requests are guarded too.

Chromium resolves and connects by itself, past the crawler's guarded Twisted resolver, so
it runs behind a SOCKS5 proxy that resolves every connection through that resolver. As in
test_address_guard, the forbidden set is narrowed to 127.0.0.2 so the site itself can be
on loopback (127.0.0.1); names like 127-0-0-3.ip.test resolve through the test resolver
(tests/resolver_hook.py), which Chromium itself cannot do. A recorder on 127.0.0.2 must
never see a connection; one on 127.0.0.3 (allowed) must see what the page asks of it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from siteaudit.store import Store
from tests.helpers import REPO, render_facts


class _Page(BaseHTTPRequestHandler):
    """Serves ``body`` at every path and counts the requests."""

    hits: ClassVar[Counter[str]]
    body: ClassVar[bytes] = b"<html><title>x</title></html>"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        if self.headers.get("Upgrade", "").lower() == "websocket":
            self._websocket()
            return
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def _websocket(self) -> None:
        """Accept the handshake, record the client's first (short, masked) text frame, echo it."""
        key = self.headers["Sec-WebSocket-Key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        accept = base64.b64encode(hashlib.sha1(key.encode()).digest()).decode()
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        _first, length = self.rfile.read(2)
        mask = self.rfile.read(4)
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length & 0x7F)))
        self.hits["ws:" + data.decode()] += 1
        self.wfile.write(bytes([0x81, len(data)]) + data)
        self.wfile.flush()
        self.close_connection = True


@contextmanager
def _serve(host: str, body: bytes = b"", port: int = 0) -> Iterator[tuple[int, Counter[str]]]:
    hits: Counter[str] = Counter()
    attrs = {"hits": hits, **({"body": body} if body else {})}
    server = ThreadingHTTPServer((host, port), type("Handler", (_Page,), attrs))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


def _crawl(tmp_path: Path, url: str, chromium: Path | None = None) -> Path:
    """A guarded crawl of ``url`` with every page rendered; its output folder."""
    out = tmp_path / "out"
    config = {"use_sitemaps": False, "render": "always", "max_pages": 5}
    args = [sys.executable, "-m", "scrapy", "crawl", "site"]
    args += ["-a", f"url={url}", "-a", "config_json=" + json.dumps(config)]
    for setting in (
        f"SITEAUDIT_OUTPUT={out}",
        "LOG_LEVEL=WARNING",
        "SITEAUDIT_FORBID_PRIVATE_ADDRESSES=1",
        "TWISTED_DNS_RESOLVER=tests.resolver_hook.LoopbackNamesResolver",
        "TEST_FORBIDDEN_NETWORKS=127.0.0.2/32",
    ):
        args += ["-s", setting]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if chromium is not None:
        env["SITEAUDIT_CHROMIUM"] = str(chromium)
    result = subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return out


def test_fetch_websockets_and_rebinding_names_reach_only_allowed_addresses(
    tmp_path: Path,
) -> None:
    # Chromium's own resolver answers 127.0.0.2 for the allowed name (as a rebinding DNS
    # server would, after answering the guard a public address): the connection must still
    # go where the guard resolved the name, 127.0.0.3. The recorder on 127.0.0.2 listens on
    # the same port, so a connection to the rebound address would reach it.
    chromium = tmp_path / "chromium"
    chromium.write_text(
        '#!/bin/sh\nexec /usr/bin/chromium "$@" '
        "'--host-resolver-rules=MAP 127-0-0-3.ip.test 127.0.0.2'\n"
    )
    chromium.chmod(0o755)
    with (
        _serve("127.0.0.3", b'{"link": "/from-api.html"}') as (allowed_port, allowed_hits),
        _serve("127.0.0.2", port=allowed_port) as (private_port, private_hits),
    ):
        allowed = f"127-0-0-3.ip.test:{allowed_port}"
        script = f"""
          const main = document.querySelector('main');
          fetch('http://{allowed}/data.json').then(r => r.json()).then(d => {{
            const a = document.createElement('a'); a.href = d.link; a.textContent = 'API';
            main.appendChild(a);
          }});
          fetch('http://127-0-0-2.ip.test:{private_port}/by-name.json').catch(() => null);
          const xhr = new XMLHttpRequest();
          xhr.open('GET', 'http://127.0.0.2:{private_port}/xhr'); xhr.send();
          const ok = new WebSocket('ws://{allowed}/live');
          ok.onopen = () => ok.send('hello');
          const bad = new WebSocket('ws://127.0.0.2:{private_port}/live');
          bad.onopen = () => bad.send('leak');
          const named = new WebSocket('ws://127-0-0-2.ip.test:{private_port}/named');
        """
        page = (
            "<html><head><title>Guarded</title></head><body><main><h1>Guarded</h1>"
            f"<script>{script}</script></main></body></html>"
        ).encode()
        with _serve("127.0.0.1", page) as (port, _hits):
            out = _crawl(tmp_path, f"http://127.0.0.1:{port}/", chromium)
    assert not private_hits, f"the browser reached 127.0.0.2: {dict(private_hits)}"
    rendered = render_facts(out)
    # Every path serves the page: / and the link its allowed fetch added were rendered.
    assert sorted(rendered) == [
        f"http://127.0.0.1:{port}/",
        f"http://127.0.0.1:{port}/from-api.html",
    ]
    assert allowed_hits["/data.json"] == 2
    assert allowed_hits["/live"] == 2 and allowed_hits["ws:hello"] == 2
    facts = rendered[f"http://127.0.0.1:{port}/"]
    assert facts["used"] == "rendered"
    assert facts["new_links"] == [f"http://127.0.0.1:{port}/from-api.html"]
    refused = sorted(facts["refused"])
    assert refused == sorted(
        [
            f"http://127-0-0-2.ip.test:{private_port}/by-name.json (blocked: private address)",
            f"http://127.0.0.2:{private_port}/xhr (blocked: private address)",
            f"ws://127.0.0.2:{private_port}/live (blocked: private address)",
            f"ws://127-0-0-2.ip.test:{private_port}/named (blocked: private address)",
        ]
    )


def test_a_rendered_page_cannot_reach_a_forbidden_address(tmp_path: Path) -> None:
    with _serve("127.0.0.2") as (private_port, private_hits):
        private = f"http://127.0.0.2:{private_port}"
        page = (
            "<html><head><title>Guarded</title></head><body><main><h1>Guarded</h1>"
            f"<script src='{private}/tracker.js'></script>"
            f"<script>fetch('{private}/secret.json').catch(() => null);</script>"
            "</main></body></html>"
        ).encode()
        with _serve("127.0.0.1", page) as (port, hits):
            out = tmp_path / "out"
            config = {"use_sitemaps": False, "render": "always"}
            args = [sys.executable, "-m", "scrapy", "crawl", "site"]
            args += [
                "-a",
                f"url=http://127.0.0.1:{port}/",
                "-a",
                "config_json=" + json.dumps(config),
            ]
            for setting in (
                f"SITEAUDIT_OUTPUT={out}",
                "LOG_LEVEL=WARNING",
                "SITEAUDIT_FORBID_PRIVATE_ADDRESSES=1",
                "TWISTED_DNS_RESOLVER=tests.resolver_hook.LoopbackNamesResolver",
                "TEST_FORBIDDEN_NETWORKS=127.0.0.2/32",
            ):
                args += ["-s", setting]
            env = dict(os.environ, PYTHONPATH=str(REPO))
            result = subprocess.run(
                args, cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
            )
    assert result.returncode == 0, result.stderr
    assert not private_hits, f"the browser reached 127.0.0.2: {dict(private_hits)}"
    assert hits["/"] == 2  # fetched raw, then rendered
    with Store.in_folder(out, create=False) as store:
        run = store.crawl()
        render = {e.url: json.loads(e.detail) for e in store.events(run.id) if e.kind == "render"}
    facts = render[f"http://127.0.0.1:{port}/"]
    assert facts["used"] == "rendered"
    assert sorted(facts["refused"]) == [
        f"{private}/secret.json (blocked: private address)",
        f"{private}/tracker.js (blocked: private address)",
    ]
