"""Live crawl progress on stderr: pages done, queued, errors, pages/s."""

from __future__ import annotations

import sys
import time
from typing import Any, Self

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from siteaudit.core.records import Page

_PLAIN_INTERVAL = 10.0  # seconds between lines when stderr is not a terminal


class CrawlProgress:
    """Counts Page items as the pipeline gets them and shows the figures."""

    def __init__(self, crawler: Crawler, mode: str) -> None:
        self.crawler = crawler
        self.console = Console(stderr=True)
        self.live_mode = mode == "always" or (mode == "auto" and sys.stderr.isatty())
        self.pages = 0
        self.errors = 0
        self.started = time.monotonic()
        self.live: Live | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mode = crawler.settings.get("SITEAUDIT_PROGRESS", "auto")
        if mode == "never":
            raise NotConfigured
        ext = cls(crawler, mode)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Page):
            self.pages += 1
            if item.status == 0 or item.status >= 400:
                self.errors += 1

    def line(self) -> str:
        stats = self.crawler.stats
        queued = 0
        if stats is not None:
            queued = max(
                0,
                (stats.get_value("scheduler/enqueued") or 0)
                - (stats.get_value("scheduler/dequeued") or 0),
            )
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return (
            f"crawling: {self.pages} pages, {queued} queued, {self.errors} errors, "
            f"{self.pages / elapsed:.1f} pages/s"
        )

    def opened(self) -> None:
        self.started = time.monotonic()
        if self.live_mode:
            self.live = Live(Text(self.line()), console=self.console, transient=True)
            self.live.start()
            interval = 0.5
        else:
            interval = _PLAIN_INTERVAL
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(interval, now=False)

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(Text(self.line()))
        else:
            self.console.print(self.line(), highlight=False)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.stop()
