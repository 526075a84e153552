"""Stop promptly on a shutdown request (SIGTERM, Ctrl-C, the service's cancel), cleanly.

Scrapy's graceful shutdown waits for every request already handed to the downloader. With
a download delay, requests wait in each host's slot for their turn: with ``delay = 60`` the
crawl stays up to a minute per queued request after it was told to stop. This extension
notices the shutdown (the engine stops running) and puts those waiting requests back into
the scheduler, which keeps them (in JOBDIR, for a resume) instead of fetching them; the
pipelines then flush and the stats are written as on any clean close. Requests already being
downloaded finish as usual (bounded by the download timeout).
"""

from __future__ import annotations

from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.internet import task

# How often to look whether the engine was told to stop: a shutdown waits at most this long.
_CHECK_S = 0.2


class RequeuedOnShutdown(IgnoreRequest):
    """A request that was waiting for its download slot when the crawl was stopped; it went
    back to the scheduler's queue, and is not a failed fetch."""


class PromptShutdown:
    """Hands the downloader's waiting requests back to the scheduler once the engine stops."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop = task.LoopingCall(self.check)
        self.started = False
        self.drained = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.loop.start(_CHECK_S, now=False)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()

    def check(self) -> None:
        """Drain the slots once, as soon as the engine no longer runs (a shutdown)."""
        engine = self.crawler.engine
        if engine is None or self.drained:
            return
        if engine.running:
            self.started = True  # the spider opens before the engine starts: not a stop
        elif self.started:
            self.drained = True
            self.requeue_waiting()

    def requeue_waiting(self) -> int:
        """Move every request waiting in a download slot back to the scheduler; return how
        many. Their pending downloads fail with RequeuedOnShutdown, which the spider skips."""
        engine = self.crawler.engine
        assert engine is not None
        scheduler = engine.scheduler
        moved = 0
        for slot in list(engine.downloader.slots.values()):
            if slot.latercall is not None:
                slot.latercall.cancel()
                slot.latercall = None
            while slot.queue:
                request, waiting = slot.queue.popleft()
                if scheduler is not None:
                    # dont_filter: the duplicate filter has seen it, yet it was never fetched.
                    scheduler.enqueue_request(request.replace(dont_filter=True))
                waiting.errback(RequeuedOnShutdown("crawl stopping; request kept"))
                moved += 1
        if moved:
            self.crawler.stats.inc_value("siteaudit/requeued_on_shutdown", moved)
        return moved
