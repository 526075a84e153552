"""With private addresses forbidden (the service), the browser's own requests are guarded too.

Chromium resolves and connects by itself, past the crawler's guarded Twisted resolver, so
every request a rendered page makes is checked by the same rule before it leaves. As in
test_address_guard, the forbidden set is narrowed to 127.0.0.2 so the site itself can be
on loopback (127.0.0.1); a recorder on 127.0.0.2 must never see a connection.
"""

from __future__ import annotations

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
from tests.helpers import REPO


class _Page(BaseHTTPRequestHandler):
    """Serves ``body`` at every path and counts the requests."""

    hits: ClassVar[Counter[str]]
    body: ClassVar[bytes] = b"<html><title>x</title></html>"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)


@contextmanager
def _serve(host: str, body: bytes = b"") -> Iterator[tuple[int, Counter[str]]]:
    hits: Counter[str] = Counter()
    attrs = {"hits": hits, **({"body": body} if body else {})}
    server = ThreadingHTTPServer((host, 0), type("Handler", (_Page,), attrs))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1], hits
    finally:
        server.shutdown()
        server.server_close()


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
