"""The connection-level guard: with private addresses forbidden, no connection reaches one.

The check is made on the address each connection uses (after DNS, redirects and
allowed hosts), not on the URL at submission. Every server here is on loopback: names
are mapped to 127.0.0.x by tests/resolver_hook.py, and the forbidden set is narrowed to
127.0.0.2 where the allowed side must be reachable too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

from siteaudit.crawler.address_guard import GuardedResolver, refused_address
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IAddress, IResolutionReceiver
from zope.interface import implementer

from siteaudit.store import Store
from tests.fault_server import serve_faults
from tests.helpers import REPO
from tests.loopback_server import running

HOOK = "TWISTED_DNS_RESOLVER=tests.resolver_hook.LoopbackNamesResolver"
BLOCKED = "blocked: private address"


def _crawl(out: Path, url: str, *settings: str, config: dict | None = None) -> dict[str, str]:
    """`scrapy crawl site` in a subprocess; the stored pages' status or error, by URL."""
    args = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url={url}"]
    args += ["-a", "config_json=" + json.dumps({"use_sitemaps": False, **(config or {})})]
    args += ["-s", f"SITEAUDIT_OUTPUT={out}", "-s", "LOG_LEVEL=WARNING"]
    for setting in settings:
        args += ["-s", setting]
    result = subprocess.run(
        args,
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with Store.in_folder(out, create=False) as store:
        run = store.crawl()
        return {p.url: p.error or str(p.status) for p in store.pages(run.id)}


def test_a_loopback_start_url_is_refused_when_private_addresses_are_forbidden(
    tmp_path: Path,
) -> None:
    with serve_faults() as (base, hits):
        pages = _crawl(
            tmp_path / "out", f"{base}/page.html", "SITEAUDIT_FORBID_PRIVATE_ADDRESSES=1"
        )
    assert pages == {f"{base}/page.html": BLOCKED}
    assert not hits, f"a connection reached the server: {dict(hits)}"


def test_the_cli_default_allows_private_addresses(tmp_path: Path) -> None:
    with serve_faults() as (base, hits):
        pages = _crawl(tmp_path / "out", f"{base}/page.html")
    assert pages == {f"{base}/page.html": "200"}
    assert hits[("GET", "/page.html")] == 1


class _Recorder(BaseHTTPRequestHandler):
    """Answers every path; a path under /hop redirects to ``hop_target``."""

    hits: Counter[str]
    body: bytes = b""
    hop_target: str = ""

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        if self.path == "/hop":
            self.send_response(301)
            self.send_header("Location", self.hop_target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.body if self.path == "/" else b"<html><title>x</title></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def _serve(host: str, port: int) -> Iterator[tuple[int, Counter[str], type[_Recorder]]]:
    hits: Counter[str] = Counter()
    handler = type("Handler", (_Recorder,), {"hits": hits})
    with running(ThreadingHTTPServer((host, port), handler)) as bound:
        yield bound, hits, handler


def _two_address_site(guard: str, out: Path) -> tuple[int, dict[str, str], Counter[str]]:
    """A site on 127.0.0.1 that links, redirects and names hosts that resolve to 127.0.0.2."""
    with _serve("127.0.0.1", 0) as (port, _, site):
        other = f"127-0-0-2.ip.test:{port}"
        site.body = (
            f'<a href="http://{other}/linked">name</a>'
            f'<a href="http://127.0.0.2:{port}/literal">literal</a><a href="/hop">hop</a>'
        ).encode()
        site.hop_target = f"http://{other}/redirected"
        with _serve("127.0.0.2", port) as (_, other_hits, _):
            pages = _crawl(
                out,
                f"http://127-0-0-1.ip.test:{port}/",
                HOOK,
                "TEST_FORBIDDEN_NETWORKS=127.0.0.2/32",
                f"SITEAUDIT_FORBID_PRIVATE_ADDRESSES={guard}",
                config={"allowed_hosts": [other, f"127.0.0.2:{port}"]},
            )
    return port, pages, other_hits


def test_names_redirects_and_allowed_hosts_are_checked_at_each_connection(tmp_path: Path) -> None:
    port, pages, other_hits = _two_address_site("1", tmp_path / "on")
    site, other = f"http://127-0-0-1.ip.test:{port}", f"http://127-0-0-2.ip.test:{port}"
    assert pages == {
        f"{site}/": "200",
        f"{site}/hop": "301",
        f"{other}/linked": BLOCKED,
        f"{other}/redirected": BLOCKED,
        f"http://127.0.0.2:{port}/literal": BLOCKED,
    }
    assert not other_hits, f"a connection reached 127.0.0.2: {dict(other_hits)}"


def test_the_same_site_is_fetched_with_the_guard_off(tmp_path: Path) -> None:
    _, pages, other_hits = _two_address_site("0", tmp_path / "off")
    assert sorted(pages.values()) == ["200", "200", "200", "200", "301"]
    assert [other_hits[p] for p in ("/linked", "/redirected", "/literal")] == [1, 1, 1]


class _TableResolver(GuardedResolver):
    """Answers from a table; nothing is looked up or connected to."""

    table: ClassVar[dict[str, list[IAddress]]] = {
        "mixed.test": [IPv4Address("TCP", "10.0.0.1", 0), IPv4Address("TCP", "93.184.216.34", 0)],
        "mapped.test": [IPv6Address("TCP", "::ffff:127.0.0.1", 0)],
    }

    def lookup(self, receiver: Any, host_name: str, *args: Any) -> Any:
        receiver.resolutionBegan(None)
        for address in self.table[host_name]:
            receiver.addressResolved(address)
        receiver.resolutionComplete()


@implementer(IResolutionReceiver)
class _Addresses(list):
    def resolutionBegan(self, resolution: object) -> None:
        return

    def addressResolved(self, address: IAddress) -> None:
        self.append(address.host)

    def resolutionComplete(self) -> None:
        return


def _resolve(resolver: GuardedResolver, name: str) -> list[str]:
    received = _Addresses()
    resolver.resolveHostName(received, name, 80)
    return list(received)


def test_only_the_public_addresses_of_a_name_are_passed_on() -> None:
    guarded = _TableResolver(SimpleNamespace(nameResolver=None), forbid_private=True, cache_size=8)
    assert _resolve(guarded, "mixed.test") == ["93.184.216.34"]
    assert refused_address("mixed.test") is None  # one address is left to connect to
    assert _resolve(guarded, "mapped.test") == []
    assert refused_address("mapped.test") == "::ffff:7f00:1"
    # The cached answer is checked again, not trusted.
    assert _resolve(guarded, "mapped.test") == []
    plain = _TableResolver(SimpleNamespace(nameResolver=None), forbid_private=False, cache_size=0)
    assert _resolve(plain, "mixed.test") == ["10.0.0.1", "93.184.216.34"]
    assert _resolve(plain, "mapped.test") == ["::ffff:127.0.0.1"]
    assert refused_address("mapped.test") is None
