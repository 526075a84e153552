"""The Redis keys of one distributed crawl."""

from __future__ import annotations

from dataclasses import dataclass

import redis


@dataclass(frozen=True, slots=True)
class FrontierKeys:
    """Every key a crawl uses lives under ``siteaudit:crawl:<id>:``."""

    crawl_id: int

    @property
    def prefix(self) -> str:
        return f"siteaudit:crawl:{self.crawl_id}"

    def key(self, name: str) -> str:
        """The full key of one piece of shared state (``requests``, ``seen``...)."""
        return f"{self.prefix}:{name}"

    @property
    def requests(self) -> str:
        return self.key("requests")

    @property
    def dupefilter(self) -> str:
        return self.key("dupefilter")


def connect(frontier_url: str) -> redis.Redis:
    """A client for ``redis://host:port/db``."""
    return redis.Redis.from_url(frontier_url)


def delete_crawl_keys(server: redis.Redis, keys: FrontierKeys) -> int:
    """Remove a finished crawl's shared state; return how many keys went."""
    names = list(server.scan_iter(match=f"{keys.prefix}:*", count=1000))
    return int(server.delete(*names)) if names else 0
