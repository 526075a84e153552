"""Live crawl progress on stderr: URLs done, queued, fetch errors, rate, elapsed time, ETA.

The ETA is the frontier (requests queued) at the recent rate: a crawl still discovering
links grows its frontier, so the ETA is an estimate that firms up as the crawl goes on.
"Fetch errors" are URLs that answered 4xx/5xx or nothing; the analysis's *findings* are
counted separately at the end. Colour only on a terminal (rich honours NO_COLOR).
"""

from __future__ import annotations

import sys
import time
from collections import deque
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
# The rate behind the ETA is measured over this many recent seconds: the start of a crawl
# (robots.txt, sitemaps) and its pace a minute ago say little about the next minute.
_RATE_WINDOW_S = 30.0


def clock(seconds: float) -> str:
    """H:MM:SS, or M:SS under an hour."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def eta_seconds(queued: int, rate: float) -> float | None:
    """Seconds to fetch ``queued`` requests at ``rate`` per second; None when unknown."""
    if queued <= 0:
        return 0.0
    if rate <= 0:
        return None
    return queued / rate


class CrawlProgress:
    """Counts Page items as the pipeline gets them and shows the figures."""

    def __init__(self, crawler: Crawler, mode: str) -> None:
        self.crawler = crawler
        self.console = Console(stderr=True)
        self.live_mode = mode == "always" or (mode == "auto" and sys.stderr.isatty())
        self.pages = 0
        self.errors = 0
        self.started = time.monotonic()
        self.samples: deque[tuple[float, int]] = deque()
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

    def queued(self) -> int:
        stats = self.crawler.stats
        if stats is None:
            return 0
        return max(
            0,
            (stats.get_value("scheduler/enqueued") or 0)
            - (stats.get_value("scheduler/dequeued") or 0),
        )

    def recent_rate(self, now: float) -> float:
        """URLs per second over the last _RATE_WINDOW_S (since the start, early on)."""
        self.samples.append((now, self.pages))
        while len(self.samples) > 2 and now - self.samples[1][0] >= _RATE_WINDOW_S:
            self.samples.popleft()
        first_time, first_pages = self.samples[0]
        if now - first_time < 1.0:
            first_time, first_pages = self.started, 0
        return (self.pages - first_pages) / max(now - first_time, 1e-6)

    def line(self) -> Text:
        now = time.monotonic()
        queued = self.queued()
        elapsed = max(now - self.started, 1e-6)
        rate = self.recent_rate(now)
        eta = eta_seconds(queued, rate)
        text = Text("crawling: ", style="bold")
        text.append(f"{self.pages:,} URLs, {queued:,} queued, ")
        text.append(
            f"{self.errors:,} fetch error{'s' if self.errors != 1 else ''}",
            style="red" if self.errors else "",
        )
        text.append(f", {rate:.1f} URLs/s, {clock(elapsed)} elapsed")
        text.append(f", ETA {clock(eta)}" if eta is not None else ", ETA unknown", style="cyan")
        return text

    def opened(self) -> None:
        self.started = time.monotonic()
        if self.live_mode:
            self.live = Live(self.line(), console=self.console, transient=True)
            self.live.start()
            interval = 0.5
        else:
            interval = _PLAIN_INTERVAL
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(interval, now=False)

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(self.line())
        else:
            self.console.print(self.line(), highlight=False, soft_wrap=True)

    def closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is None:
            return  # a log (not a terminal) has had its periodic lines
        self.live.stop()
        # The live line is transient: leave one line saying what the crawl did.
        elapsed = time.monotonic() - self.started
        done = Text("crawled: ", style="bold")
        done.append(f"{self.pages:,} URLs in {clock(elapsed)}, ")
        done.append(
            f"{self.errors:,} fetch error{'s' if self.errors != 1 else ''}",
            style="red" if self.errors else "",
        )
        self.console.print(done, highlight=False, soft_wrap=True)
