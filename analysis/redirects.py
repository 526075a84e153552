"""Follow stored redirect hops: chains, loops and final targets."""

from __future__ import annotations

from dataclasses import dataclass

from siteaudit.core.records import Page


@dataclass(frozen=True, slots=True)
class RedirectPath:
    """Where a redirecting URL ends up."""

    hops: tuple[str, ...]  # every URL visited, starting with the first
    final: str | None  # the URL that answered without redirecting; None on a loop
    final_status: int | None
    loop: bool

    @property
    def hop_count(self) -> int:
        return len(self.hops) - 1 if self.final else len(self.hops)


def follow_redirects(url: str, pages: dict[str, Page], max_hops: int = 20) -> RedirectPath:
    """Walk Location headers through the stored pages from ``url``."""
    hops = [url]
    seen = {url}
    current = pages.get(url)
    while current is not None and current.location:
        nxt = current.location
        if nxt in seen:
            return RedirectPath(tuple(hops), None, None, True)
        hops.append(nxt)
        seen.add(nxt)
        if len(hops) > max_hops:
            return RedirectPath(tuple(hops), None, None, True)
        current = pages.get(nxt)
    status = current.status if current is not None else None
    return RedirectPath(tuple(hops), hops[-1], status, False)
