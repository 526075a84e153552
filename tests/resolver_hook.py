"""A resolver for crawl tests: names like ``127-0-0-2.ip.test`` resolve to that loopback address.

Installed with ``-s TWISTED_DNS_RESOLVER=tests.resolver_hook.LoopbackNamesResolver``; it
answers loopback names and literals only, so a test crawl can never reach another address.
``-s TEST_FORBIDDEN_NETWORKS=127.0.0.2/32`` narrows what the guard refuses, so that the
allowed side of a test can be loopback too.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

from siteaudit.crawler.address_guard import GuardedResolver
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IResolutionReceiver

from siteaudit.core.addresses import IPAddress, parse_address

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
        match = _NAME.fullmatch(host_name)
        address = parse_address(".".join(match.groups()) if match else host_name)
        resolution = _Resolution(host_name)
        receiver.resolutionBegan(resolution)
        if address is not None and address.is_loopback:
            kind = IPv4Address if address.version == 4 else IPv6Address
            receiver.addressResolved(kind("TCP", str(address), port))
        receiver.resolutionComplete()
        return resolution
