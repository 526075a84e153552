"""The public-address rule shared by the service's target check and the crawler's guard."""

from __future__ import annotations

import pytest

from siteaudit.core.addresses import is_public_address, parse_address


@pytest.mark.parametrize(
    "text",
    [
        "127.0.0.1",
        "127.0.0.2",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "100.64.0.1",  # carrier-grade NAT
        "169.254.169.254",  # cloud metadata
        "fe80::1%eth0",
        "fec0::1",  # deprecated site-local
        "fc00::1",
        "224.0.0.1",
        "ff02::1",
        "240.0.0.1",
        "255.255.255.255",
        "0.0.0.0",
        "::",
        "192.0.2.1",  # documentation
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::ffff:127.0.0.1",
        "2002:7f00:1::1",  # 6to4 wrapping 127.0.0.1
        "64:ff9b::7f00:1",  # NAT64 wrapping 127.0.0.1
    ],
)
def test_non_public_addresses_are_recognised(text: str) -> None:
    address = parse_address(text)
    assert address is not None
    assert not is_public_address(address)


@pytest.mark.parametrize("text", ["93.184.216.34", "2606:4700::1111", "[2606:4700::1111]"])
def test_public_addresses_pass(text: str) -> None:
    address = parse_address(text)
    assert address is not None
    assert is_public_address(address)


def test_names_are_not_addresses() -> None:
    assert parse_address("localhost") is None
    assert parse_address("example.com") is None
