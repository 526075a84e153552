"""The site spider as one worker of a shared crawl."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

import redis
import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from siteaudit.crawler.frontier.keys import FrontierKeys, connect
from siteaudit.crawler.frontier.presence import WorkerPresence
from siteaudit.crawler.frontier.scope_redis import RedisCrawlScope
from siteaudit.crawler.spiders.site import SiteSpider

# Scrapy stats summed over the workers into the crawl's ``stats`` hash.
SUMMED_STATS = (
    "downloader/request_count",
    "downloader/response_count",
    "downloader/exception_count",
    "downloader/response_bytes",
)


def worker_name() -> str:
    """A name unique among the workers of a crawl: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class SharedSitemapQueue:
    """The spider's ``sitemap_pending`` list, in Redis: any worker may release it."""

    def __init__(self, server: redis.Redis, key: str) -> None:
        self.server = server
        self.key = key

    def extend(self, entries: Iterable[tuple[str, str]]) -> None:
        values = [json.dumps(e) for e in entries]
        if values:
            self.server.rpush(self.key, *values)

    def pop_entry(self) -> tuple[str, str] | None:
        """The next held-back (url, sitemap), or None when another worker took the last."""
        value = self.server.rpop(self.key)
        if value is None:
            return None
        assert isinstance(value, (bytes, str))  # RPOP without a count returns one value
        url, source = json.loads(value)
        return str(url), str(source)

    def __len__(self) -> int:
        return int(self.server.llen(self.key))


class SharedSiteSpider(SiteSpider):
    """SiteSpider whose scope, queue and end are shared with the crawl's other workers."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SharedSiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, SharedSiteSpider)  # built by cls
        crawler.signals.connect(spider._on_closed, signal=signals.spider_closed)
        return spider

    def __init__(
        self, *, frontier_url: str, crawl_id: int, grace_s: float = 1.0, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.keys = FrontierKeys(crawl_id)
        self.server = connect(frontier_url)
        self.presence = WorkerPresence(self.server, self.keys, worker_name())
        self.scope = RedisCrawlScope(self.config, self.server, self.keys)
        self.sitemap_queue = SharedSitemapQueue(self.server, self.keys.key("sitemap_pending"))
        self.state["sitemap_pending"] = self.sitemap_queue
        self.grace_s = grace_s
        self._quiet_since: float | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Only the first worker to arrive seeds the start URLs and sitemaps."""
        if not self.server.set(self.keys.key("seeded"), self.presence.name, nx=True):
            return
        async for request in super().start():
            yield request

    def _on_idle(self) -> None:
        """Close only once the whole crawl is quiet for ``grace_s``, never just this worker."""
        self.presence.mark_idle()
        state = self.presence.state()
        if state.queued or state.busy:
            self._quiet_since = None
            raise DontCloseSpider
        if state.sitemap_pending:
            # The link crawl ran dry everywhere: fetch what only the sitemaps know.
            self._quiet_since = None
            self.presence.mark_busy()
            while (entry := self.sitemap_queue.pop_entry()) is not None:
                url, source = entry
                for item in self._follow(url, depth=1, via="sitemap", source=source):
                    if isinstance(item, scrapy.Request):
                        self.crawler.engine.crawl(item)
            raise DontCloseSpider
        now = time.monotonic()
        if self._quiet_since is None:
            self._quiet_since = now
        if now - self._quiet_since < self.grace_s:
            raise DontCloseSpider

    def _on_closed(self, reason: str) -> None:
        # Runs after the pipeline wrote its last batch: the coordinator may then clean up.
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        pipe = self.server.pipeline(transaction=True)
        for name in SUMMED_STATS:
            pipe.hincrby(self.keys.key("stats"), name, int(stats.get(name, 0)))
        pipe.srem(self.keys.key("workers"), self.presence.name)
        pipe.execute()
