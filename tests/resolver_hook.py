"""A resolver for crawl tests: names like ``127-0-0-2.ip.test`` resolve to that loopback address.

Installed with ``-s TWISTED_DNS_RESOLVER=tests.resolver_hook.LoopbackNamesResolver``; it
answers loopback names and literals (and ``localhost``) only, so a test crawl can never reach
another address. tests/conftest.py installs it for the whole suite, subprocesses included
(``SITEAUDIT_DNS_RESOLVER``): crawls check external links by default.
``-s TEST_FORBIDDEN_NETWORKS=127.0.0.2/32`` narrows what the guard refuses, so that the
allowed side of a test can be loopback too. Every other name fails to resolve (a DNS failure),
without a packet sent.

``python -m tests.resolver_hook ARGS...`` runs the siteaudit command line with this resolver
installed and Scrapy's DNS cache off, so each connection attempt is one lookup; with
``SITEAUDIT_TEST_LOOKUP_LOG=FILE`` each lookup appends its host name to FILE (the tests
count connection attempts per host from it).
"""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from siteaudit.crawler import settings
from siteaudit.crawler.address_guard import GuardedResolver
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IResolutionReceiver

from siteaudit.cli import main as siteaudit_main
from siteaudit.core.addresses import IPAddress, parse_address

LOOKUP_LOG = "SITEAUDIT_TEST_LOOKUP_LOG"
_NAME = re.compile(r"(127)-(\d+)-(\d+)-(\d+)\.ip\.test")


class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        return


class LoopbackNamesResolver(GuardedResolver):
    """GuardedResolver whose name lookups are answered from the name itself."""

    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> LoopbackNamesResolver:
        resolver = super().from_crawler(crawler, reactor)
        nets = crawler.settings.getlist("TEST_FORBIDDEN_NETWORKS")
        resolver.networks = tuple(ipaddress.ip_network(n) for n in nets)
        return resolver

    def is_forbidden(self, address: IPAddress) -> bool:
        if not self.networks:
            return super().is_forbidden(address)
        return any(address in net for net in self.networks)

    def lookup(
        self,
        receiver: IResolutionReceiver,
        host_name: str,
        port: int,
        address_types: Any,
        transport: str,
    ) -> Any:
        log = os.environ.get(LOOKUP_LOG)
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(host_name + "\n")
        match = _NAME.fullmatch(host_name)
        if host_name.lower() == "localhost":
            address = parse_address("127.0.0.1")
        else:
            address = parse_address(".".join(match.groups()) if match else host_name)
        resolution = _Resolution(host_name)
        receiver.resolutionBegan(resolution)
        if address is not None and address.is_loopback:
            kind = IPv4Address if address.version == 4 else IPv6Address
            receiver.addressResolved(kind("TCP", str(address), port))
        receiver.resolutionComplete()
        return resolution


def run_hooked(
    *args: str, cwd: Path | None = None, log: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`siteaudit ARGS` in a subprocess through this hook (CI=true), lookups logged to ``log``."""
    repo = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(repo), CI="true")
    env.pop(LOOKUP_LOG, None)
    if log is not None:
        env[LOOKUP_LOG] = str(log)
    return subprocess.run(
        [sys.executable, "-m", "tests.resolver_hook", *args],
        cwd=cwd or repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def main() -> None:
    """The siteaudit command line, resolving through this hook, one lookup per connection."""
    settings.TWISTED_DNS_RESOLVER = "tests.resolver_hook.LoopbackNamesResolver"
    # ignore: Scrapy's own default, not one of our settings module's names
    settings.DNSCACHE_ENABLED = False  # type: ignore[attr-defined]
    sys.argv[0] = "siteaudit"
    siteaudit_main()


if __name__ == "__main__":
    main()
