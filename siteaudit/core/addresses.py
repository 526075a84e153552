"""Which IP addresses are on the public internet: the rule that keeps crawls off private networks.

The service applies it to the targets of a crawl request, and the crawler to every address
it connects to when private addresses are forbidden (see siteaudit.crawler.address_guard).
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_address(text: str) -> IPAddress | None:
    """The IP address spelled by ``text`` ("::1", "fe80::1%eth0", "[::1]"), or None."""
    try:
        return ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    # ::ffff:10.0.0.1 and 2002:0a00:0001:: (6to4) reach the IPv4 address they carry.
    return address.ipv4_mapped or address.sixtofour


def is_public_address(address: IPAddress) -> bool:
    """False for loopback, private, link-local, site-local, multicast, reserved, unspecified,
    shared (CGNAT) and documentation addresses, also when wrapped in an IPv6 address."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_site_local:
            return False
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            address = embedded
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )
