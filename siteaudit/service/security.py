"""API tokens and the guard that keeps crawls off private networks (SSRF)."""

from __future__ import annotations

import hashlib
import hmac
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from siteaudit.core.addresses import is_public_address, parse_address


class TargetRefused(ValueError):
    """A crawl target the service will not fetch; the message says why."""


@dataclass(frozen=True, slots=True)
class TokenRing:
    """The API tokens the service accepts; compared in constant time.

    Every token may start crawls; a crawl can be cancelled or resumed by the token that
    started it, or by an admin token (which may do anything to any crawl).
    """

    tokens: tuple[str, ...]
    admin_tokens: tuple[str, ...] = ()

    @classmethod
    def from_sources(cls, env_value: str | None, file_text: str | None) -> TokenRing:
        """Tokens from SITEAUDIT_API_TOKEN (comma-separated) and a token file (one a line)."""
        return cls(_token_list(env_value, file_text))

    def with_admins(self, env_value: str | None, file_text: str | None) -> TokenRing:
        """The same ring with admin tokens from SITEAUDIT_ADMIN_TOKEN and an admin token file."""
        return TokenRing(self.tokens, _token_list(env_value, file_text))

    def identify(self, presented: str) -> str | None:
        """The holder's id (a digest, never the token) when ``presented`` is a valid token."""
        matched: str | None = None
        for token in (*self.tokens, *self.admin_tokens):
            # Compare against every token so timing does not reveal which one matched.
            if hmac.compare_digest(presented.encode(), token.encode()):
                matched = token
        return token_id(matched) if matched is not None else None

    def is_admin(self, holder: str) -> bool:
        """Whether the token id ``holder`` (from identify) is an admin token's."""
        return any(hmac.compare_digest(holder, token_id(t)) for t in self.admin_tokens)

    def may_manage(self, holder: str, owner: str) -> bool:
        """Whether ``holder`` may cancel or resume a crawl started by ``owner``."""
        return hmac.compare_digest(holder, owner) or self.is_admin(holder)


def _token_list(env_value: str | None, file_text: str | None) -> tuple[str, ...]:
    found: list[str] = []
    for source in (env_value or "").split(","), (file_text or "").splitlines():
        found.extend(t.strip() for t in source if t.strip() and not t.strip().startswith("#"))
    return tuple(dict.fromkeys(found))


def token_id(token: str) -> str:
    """A stable, non-reversible id for a token, stored with the crawls it started."""
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (what the crawler could connect to)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetRefused(f"cannot resolve host {host!r}") from exc
    return sorted({str(info[4][0]) for info in infos})


def check_host(host: str, port: int, *, allow_private: bool) -> None:
    """Refuse a host that resolves to a private, loopback, link-local or reserved address."""
    if allow_private:
        return
    for raw in resolve_host(host, port):
        address = parse_address(raw)
        if address is None or not is_public_address(address):
            raise TargetRefused(
                f"{host} resolves to {address}, a non-public address; "
                "the service does not crawl internal networks"
            )


def check_target_url(url: str, *, allow_private: bool) -> None:
    """Refuse a URL that is not http(s) or whose host is not on the public internet."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise TargetRefused(f"not a valid URL: {url!r}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(f"not an http(s) URL: {url!r}")
    if parts.username or parts.password:
        raise TargetRefused("URLs with credentials are not accepted")
    check_host(parts.hostname, port, allow_private=allow_private)


def check_targets(urls: Iterable[str], hosts: Iterable[str], *, allow_private: bool) -> None:
    """Check start URLs, sitemaps and extra allowed hosts of one crawl request."""
    for url in urls:
        check_target_url(url, allow_private=allow_private)
    for host in hosts:
        name, _, port = host.partition(":")
        check_host(name, int(port) if port.isdigit() else 80, allow_private=allow_private)
