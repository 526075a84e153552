"""A SOCKS5 proxy on loopback through which the browser makes every connection of a guarded crawl.

Chromium resolves host names and opens sockets by itself, past the crawler's guarded Twisted
resolver (siteaudit.crawler.address_guard). Routing its requests in Playwright does not close
that gap: WebSockets are not routed, and a check that resolves a name is not the lookup the
browser's connection then uses, so a host can answer a public address to the check and a
private one to the browser (DNS rebinding). With this proxy set as the browser's proxy
(``socks5://``), Chromium sends host names, not addresses, for every connection it makes:
page, subresources, fetch/XHR, WebSockets, service workers, beacons. The proxy resolves each
name through the crawl's own resolver, which withholds forbidden addresses, and connects to
exactly an address it was given, so the check and the connection are one lookup.
Playwright also turns Chromium's own name resolution off when the proxy is SOCKS
(``--host-resolver-rules=MAP * ~NOTFOUND``) and sends loopback through the proxy too.

Only CONNECT is served (no BIND, no UDP ASSOCIATE): the browser gets no UDP path, and
rendering turns WebRTC's direct UDP off (support.GUARD_ARGS).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import struct
from collections.abc import Awaitable, Callable
from typing import Any

from twisted.internet.interfaces import IAddress, IHostResolution, IResolutionReceiver
from zope.interface import implementer

logger = logging.getLogger(__name__)

# Resolves a host name for a connection: the addresses the crawl may connect to (none when the
# guard refused them all or the name does not resolve).
GuardedLookup = Callable[[str, int], Awaitable[list[str]]]

_VERSION = 5
_NO_AUTH = 0
_CONNECT = 1
_ATYP_IPV4, _ATYP_NAME, _ATYP_IPV6 = 1, 3, 4
# Reply codes (RFC 1928, section 6).
_SUCCEEDED = 0
_NOT_ALLOWED = 2
_HOST_UNREACHABLE = 4
_COMMAND_NOT_SUPPORTED = 7
_HANDSHAKE_TIMEOUT_S = 30.0
_CONNECT_TIMEOUT_S = 30.0
_CHUNK = 64 * 1024
_LOOKUP_TIMEOUT_S = 30.0


class GuardedProxy:
    """SOCKS5 (CONNECT only, no authentication) on 127.0.0.1, resolving through ``lookup``."""

    def __init__(self, lookup: GuardedLookup) -> None:
        self.lookup = lookup
        self.refused: set[str] = set()  # host:port the guard refused, for the crawl's figures
        self.connections = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> int:
        """Listen on a free loopback port; returns the port."""
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    async def close(self) -> None:
        """Stop listening and drop the tunnels still open."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._tunnel(reader, writer)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError):
            pass  # the browser or the server went away: the page sees a failed request
        finally:
            if task is not None:
                self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()

    async def _tunnel(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with asyncio.timeout(_HANDSHAKE_TIMEOUT_S):
            host, port, ok = await _read_request(reader, writer)
        if not ok:
            await _reply(writer, _COMMAND_NOT_SUPPORTED)
            return
        addresses = await self.lookup(host, port)
        if not addresses:
            self.refused.add(f"{host}:{port}")
            await _reply(writer, _NOT_ALLOWED)
            return
        upstream = await _connect_first(addresses, port)
        if upstream is None:
            await _reply(writer, _HOST_UNREACHABLE)
            return
        self.connections += 1
        up_reader, up_writer = upstream
        await _reply(writer, _SUCCEEDED)
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            up_writer.close()


async def _read_request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> tuple[str, int, bool]:
    """The greeting and the request: (host, port, whether it is a CONNECT)."""
    version, count = await reader.readexactly(2)
    methods = await reader.readexactly(count)
    if version != _VERSION or _NO_AUTH not in methods:
        raise ValueError("not a SOCKS5 client without authentication")
    writer.write(bytes([_VERSION, _NO_AUTH]))
    await writer.drain()
    version, command, _reserved, kind = await reader.readexactly(4)
    if kind == _ATYP_IPV4:
        host = str(ipaddress.IPv4Address(await reader.readexactly(4)))
    elif kind == _ATYP_IPV6:
        host = str(ipaddress.IPv6Address(await reader.readexactly(16)))
    elif kind == _ATYP_NAME:
        (length,) = await reader.readexactly(1)
        host = (await reader.readexactly(length)).decode("idna")
    else:
        raise ValueError("unknown address type")
    (port,) = struct.unpack("!H", await reader.readexactly(2))
    return host, port, version == _VERSION and command == _CONNECT


async def _reply(writer: asyncio.StreamWriter, code: int) -> None:
    writer.write(bytes([_VERSION, code, 0, _ATYP_IPV4, 0, 0, 0, 0, 0, 0]))
    await writer.drain()


async def _connect_first(
    addresses: list[str], port: int
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
    """A connection to the first of ``addresses`` that accepts one."""
    for address in addresses:
        try:
            async with asyncio.timeout(_CONNECT_TIMEOUT_S):
                return await asyncio.open_connection(address, port)
        except (OSError, TimeoutError):
            continue
    return None


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(_CHUNK):
            writer.write(data)
            await writer.drain()
    finally:
        if writer.can_write_eof():
            with contextlib.suppress(OSError):
                writer.write_eof()


def resolver_lookup(resolver: Any) -> GuardedLookup:
    """A GuardedLookup asking a Twisted ``IHostnameResolver`` (the crawl's guarded resolver).

    It must run on the loop of Twisted's asyncio reactor, as rendering does.
    """

    async def lookup(host: str, port: int) -> list[str]:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        receiver = _Addresses(done)
        resolver.resolveHostName(receiver, host, port)
        try:
            async with asyncio.timeout(_LOOKUP_TIMEOUT_S):
                await done
        except TimeoutError:
            return []
        return receiver.addresses

    return lookup


@implementer(IResolutionReceiver)
class _Addresses:
    """Collects one lookup's addresses and completes a future when it is done."""

    def __init__(self, done: asyncio.Future[None]) -> None:
        self.done = done
        self.addresses: list[str] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        return

    def addressResolved(self, address: IAddress) -> None:
        host = getattr(address, "host", None)
        if isinstance(host, str):
            self.addresses.append(host)

    def resolutionComplete(self) -> None:
        if not self.done.done():
            self.done.set_result(None)
