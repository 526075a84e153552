"""Name resolution that can keep a crawl off private networks, checked at every connection.

Scrapy's Twisted downloader connects through ``HostnameEndpoint``, which asks the reactor's
name resolver for addresses and connects only to what it is given. ``GuardedResolver`` is
that resolver (installed through Scrapy's ``TWISTED_DNS_RESOLVER``): it resolves IPv4 and
IPv6 (Scrapy's default resolver is IPv4 only, so ``http://[::1]/`` could not be crawled),
caches answers, and with ``SITEAUDIT_FORBID_PRIVATE_ADDRESSES`` withholds every address that
is not public (siteaudit.core.addresses). The check is on the address the connection then
uses, so DNS rebinding, redirects, allowed hosts and address literals are all covered;
checking URLs before the request would check a lookup the connection does not reuse.

The endpoint reports a host left without addresses as a failed DNS lookup;
``AddressGuardMiddleware`` turns that into ``AddressRefused`` for the guard's refusals.
"""

from __future__ import annotations

from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.datatypes import LocalCache
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer

from siteaudit.core.addresses import IPAddress, is_public_address, parse_address

FORBID_SETTING = "SITEAUDIT_FORBID_PRIVATE_ADDRESSES"

# Hosts whose every address the guard withheld, with one of them (for the error message).
# Process-wide, like the reactor's resolver that fills it.
_refused: dict[str, str] = {}


class AddressRefused(Exception):
    """A host that resolves only to addresses the crawl may not connect to."""


def refused_address(host: str) -> str | None:
    """The forbidden address ``host`` last resolved to, if the guard refused it."""
    return _refused.get(host)


@implementer(IHostnameResolver)
class GuardedResolver:
    """IPv4 and IPv6 resolution with a cache; withholds forbidden addresses."""

    def __init__(self, reactor: Any, *, forbid_private: bool, cache_size: int) -> None:
        self.reactor = reactor
        self.forbid_private = forbid_private
        self._system = reactor.nameResolver  # Twisted's getaddrinfo in a thread
        self._cache: LocalCache[str, list[IAddress]] | None = (
            LocalCache(cache_size) if cache_size else None
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> Self:
        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, forbid_private=settings.getbool(FORBID_SETTING), cache_size=size)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def is_forbidden(self, address: IPAddress) -> bool:
        """Whether a guarded crawl must not connect to ``address``."""
        return not is_public_address(address)

    def lookup(
        self,
        receiver: IResolutionReceiver,
        host_name: str,
        port: int,
        address_types: Any,
        transport: str,
    ) -> IHostResolution:
        """Resolve a name (tests answer from a table here instead of the system's DNS)."""
        resolution: IHostResolution = self._system.resolveHostName(
            receiver, host_name, port, address_types, transport
        )
        return resolution

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Any = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        collector = _Answer(self, resolutionReceiver, hostName, portNumber)
        cached = self._cache.get(hostName) if self._cache is not None else None
        if cached is None:
            return self.lookup(
                collector,  # type: ignore[arg-type]  # zope's @implementer is invisible to mypy
                hostName,
                portNumber,
                addressTypes,
                transportSemantics,
            )
        collector.resolutionBegan(_CachedResolution(hostName))  # type: ignore[arg-type]  # zope's @implementer is invisible to mypy
        collector.addresses = list(cached)
        collector.resolutionComplete()
        assert collector.resolution is not None  # set by resolutionBegan above
        return collector.resolution

    def deliver(
        self, receiver: IResolutionReceiver, host: str, addresses: list[IAddress], port: int
    ) -> None:
        """Pass on the allowed addresses; remember a host that had only forbidden ones."""
        refused: list[str] = []
        allowed = 0
        for address in addresses:
            ip = parse_address(getattr(address, "host", ""))
            if self.forbid_private and (ip is None or self.is_forbidden(ip)):
                refused.append(str(ip))
            else:
                receiver.addressResolved(_with_port(address, port))  # type: ignore[call-arg, misc]  # Twisted's interface methods omit self
                allowed += 1
        if refused and not allowed:
            _refused[host] = refused[0]
        else:
            _refused.pop(host, None)
        receiver.resolutionComplete()  # type: ignore[misc]  # Twisted's interface methods omit self

    def remember(self, host: str, addresses: list[IAddress]) -> None:
        if self._cache is not None and addresses:
            self._cache[host] = [_with_port(a, 0) for a in addresses]


@implementer(IResolutionReceiver)
class _Answer:
    """Collects one lookup's addresses, then delivers the allowed ones."""

    def __init__(
        self, resolver: GuardedResolver, receiver: IResolutionReceiver, host: str, port: int
    ) -> None:
        self.resolver, self.receiver, self.host, self.port = resolver, receiver, host, port
        self.addresses: list[IAddress] = []
        self.resolution: IHostResolution | None = None

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.resolution = resolution
        self.receiver.resolutionBegan(resolution)  # type: ignore[call-arg, misc]  # Twisted's interface methods omit self

    def addressResolved(self, address: IAddress) -> None:
        self.addresses.append(address)

    def resolutionComplete(self) -> None:
        self.resolver.remember(self.host, self.addresses)
        self.resolver.deliver(self.receiver, self.host, self.addresses, self.port)


@implementer(IHostResolution)
class _CachedResolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        return  # answered at once: nothing to cancel


def _with_port(address: IAddress, port: int) -> IAddress:
    if isinstance(address, IPv6Address):
        return IPv6Address(  # type: ignore[return-value]  # zope's @implementer is invisible to mypy
            address.type, address.host, port, address.flowInfo, address.scopeID
        )
    if isinstance(address, IPv4Address):
        return IPv4Address(address.type, address.host, port)  # type: ignore[return-value]  # zope's @implementer is invisible to mypy
    return address


class AddressGuardMiddleware:
    """Reports a connection the resolver refused as AddressRefused, not as a DNS failure.

    It sits below the retry middlewares (their process_exception runs after this one),
    so a refused host is not tried again.
    """

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, CannotResolveHostError | DNSLookupError):
            host = urlsplit(request.url).hostname or ""
            address = refused_address(host)
            if address is not None:
                what = host if host == address else f"{host} ({address})"
                raise AddressRefused(f"{what} is not a public address") from None
