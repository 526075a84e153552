"""A Scrapy extension the service enables: the crawl's live figures in a small JSON file.

Scrapyd runs each crawl in its own process, so the service cannot read Scrapy's stats
directly; this file carries pages queued, the final stats and the close reason across.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from siteaudit.core.records import Page
from siteaudit.crawler.rendering.support import RENDER_STATS

PROGRESS_SETTING = "SITEAUDIT_PROGRESS_FILE"
_INTERVAL_S = 1.0
_KEPT_STATS = (
    "downloader/request_count",
    "downloader/response_count",
    "downloader/exception_count",
    "downloader/response_bytes",
    "elapsed_time_seconds",
    *RENDER_STATS,
)


class ProgressFile:
    """Writes pages, errors, queued and (at the end) the finish reason, atomically."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path
        self.pages = 0
        self.errors = 0
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get(PROGRESS_SETTING)
        if not path:
            raise NotConfigured
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        return ext

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Page):
            self.pages += 1
            if item.status == 0 or item.status >= 400:
                self.errors += 1

    def opened(self) -> None:
        self.write()
        self.loop = task.LoopingCall(self.write)
        self.loop.start(_INTERVAL_S, now=False)

    def closed(self, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.write(finish_reason=reason)

    def write(self, finish_reason: str | None = None) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        queued = max(
            0, int(stats.get("scheduler/enqueued", 0)) - int(stats.get("scheduler/dequeued", 0))
        )
        data: dict[str, Any] = {
            "pages": self.pages,
            "errors": self.errors,
            "queued": queued,
            "stats": {k: stats[k] for k in _KEPT_STATS if k in stats},
        }
        if finish_reason is not None:
            data["finish_reason"] = finish_reason
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, default=str), encoding="utf-8")
        os.replace(tmp, self.path)


def read_progress(path: Path) -> dict[str, Any]:
    """The last figures a crawl wrote, or {} before it started."""
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}
