"""Comparing a crawl with an earlier one of the same site served from another origin.

The same site crawled on a new port or a staging host has other URLs for the same pages:
compared as they are, every URL would look gone and every page new.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

Rebase = Callable[[str], str]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def same_origin(a: list[str], b: list[str]) -> bool:
    """Whether two crawls' start URLs share an origin (scheme, host and port)."""
    return not {_origin(u) for u in a}.isdisjoint(_origin(u) for u in b)


def origin_rebase(old_starts: list[str], new_starts: list[str]) -> Rebase | None:
    """A function moving old URLs onto the new origin, or None when origins already agree
    (or either crawl started from several origins, which cannot be paired)."""
    old_origins = {_origin(u) for u in old_starts}
    new_origins = {_origin(u) for u in new_starts}
    if len(old_origins) != 1 or len(new_origins) != 1 or old_origins == new_origins:
        return None
    old_origin, new_origin = old_origins.pop(), new_origins.pop()

    def rebase(url: str) -> str:
        if url.startswith(old_origin) and url[len(old_origin) : len(old_origin) + 1] in (
            "",
            "/",
            "?",
        ):
            return new_origin + url[len(old_origin) :]
        return url

    return rebase
