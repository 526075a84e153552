"""Which workers of a crawl are busy, and whether the shared crawl is over."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
from siteaudit.crawler.frontier.keys import FrontierKeys


@dataclass(slots=True)
class FrontierState:
    """One atomic look at the shared frontier."""

    queued: int
    busy: int
    sitemap_pending: int

    @property
    def quiet(self) -> bool:
        """Nothing queued, nobody working, no sitemap URLs held back: the crawl is done."""
        return not (self.queued or self.busy or self.sitemap_pending)


@dataclass(slots=True)
class WorkerPresence:
    """This worker's entry in the crawl's ``busy`` set."""

    server: redis.Redis
    keys: FrontierKeys
    name: str
    busy: bool = field(default=False)

    def mark_busy(self) -> None:
        if not self.busy:
            self.server.sadd(self.keys.key("busy"), self.name)
            self.busy = True

    def mark_idle(self) -> None:
        """This worker has nothing downloading or parsing (its engine is idle)."""
        if self.busy:
            self.server.srem(self.keys.key("busy"), self.name)
            self.busy = False

    def state(self) -> FrontierState:
        """Queue length, busy workers and held-back sitemap URLs, read in one transaction."""
        pipe = self.server.pipeline(transaction=True)
        pipe.zcard(self.keys.requests)
        pipe.scard(self.keys.key("busy"))
        pipe.llen(self.keys.key("sitemap_pending"))
        queued, busy, pending = pipe.execute()
        return FrontierState(int(queued), int(busy), int(pending))
