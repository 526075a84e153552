"""Tokens and the SSRF guard, on real resolution of loopback names and address literals."""

from __future__ import annotations

import pytest

from siteaudit.service.security import (
    TargetRefused,
    TokenRing,
    bearer_token,
    check_target_url,
    check_targets,
    token_id,
)


def test_tokens_come_from_the_environment_and_the_file_and_identify_their_holder() -> None:
    ring = TokenRing.from_sources("alpha, beta", "# comment\ngamma\n\nalpha\n")
    assert ring.tokens == ("alpha", "beta", "gamma")
    assert ring.identify("gamma") == token_id("gamma")
    assert ring.identify("gamm") is None and ring.identify("") is None
    assert token_id("alpha") != token_id("beta") and "alpha" not in token_id("alpha")


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("Basic abc", None),
        ("Bearer", None),
        (None, None),
    ],
)
def test_bearer_header_parsing(header: str | None, token: str | None) -> None:
    assert bearer_token(header) == token


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/",
        "http://[::1]/",
        "http://169.254.169.254/",
        "http://[fe80::1]/",
        "http://192.168.1.10/",
        "http://172.16.0.1/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://224.0.0.1/",
        "http://[::ffff:10.0.0.1]/",
        "file:///etc/passwd",
        "http://user:pw@example.com/",
        "http://host.invalid/",  # does not resolve
    ],
)
def test_non_public_or_unusable_targets_are_refused(url: str) -> None:
    with pytest.raises(TargetRefused):
        check_target_url(url, allow_private=False)


def test_public_address_literals_pass_and_private_ones_pass_when_allowed() -> None:
    check_target_url("http://93.184.216.34/", allow_private=False)  # literal: no lookup, no fetch
    check_target_url("https://[2606:4700::1111]/", allow_private=False)
    check_target_url("http://127.0.0.1:8000/", allow_private=True)


def test_sitemaps_and_extra_hosts_are_checked_like_the_start_url() -> None:
    with pytest.raises(TargetRefused, match=r"127\.0\.0\.1"):
        check_targets(["http://93.184.216.34/", "http://127.0.0.1/s.xml"], [], allow_private=False)
    with pytest.raises(TargetRefused, match="localhost"):
        check_targets(["http://93.184.216.34/"], ["localhost:8080"], allow_private=False)
