"""Item pipeline: write what the spider yields to the store, in batches."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from siteaudit.crawler.crawl_stats import CHECKPOINT_S, crawl_stats
from siteaudit.crawler.items import SitemapBatch
from siteaudit.crawler.spiders.site import SiteSpider

from siteaudit.core.records import CrawlEvent, Page
from siteaudit.store import PageRows, Store

# Pages per transaction: larger batches cost the same CPU and only hold more rows in memory.
_FLUSH_ITEMS = 200
_FLUSH_SECONDS = 2.0


class StorePipeline:
    """Buffers pages, sitemap entries and events; one transaction per batch."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.output = settings.get("SITEAUDIT_OUTPUT") or "siteaudit-out"
        # A shared crawl's workers all write to one store (PostgreSQL) instead.
        self.store_url: str | None = settings.get("SITEAUDIT_STORE") or None
        self.crawl_id: int | None = settings.getint("SITEAUDIT_CRAWL_ID") or None
        self.store: Store | None = None
        self.pages = PageRows(self.crawl_id or 0)  # the crawl id is final in open_spider
        self.sitemap: list[Any] = []
        self.events: list[CrawlEvent] = []
        self.last_flush = time.monotonic()
        self.pages_written = 0
        self.indexes_deferred = False
        # A lone crawl run by the CLI keeps its stats current (see crawl_stats.py): the
        # crawl's stats and stored pages as this run began, and when it began.
        self.checkpoint: tuple[dict[str, Any], int, float] | None = None
        self.last_checkpoint = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        pipeline = cls(crawler)
        # The close reason is only known after pipelines close, hence the signal.
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        if self.store_url:
            self.store = Store(self.store_url)
        else:
            Path(self.output).mkdir(parents=True, exist_ok=True)
            self.store = Store.in_folder(self.output)
        if self.crawl_id is None:
            # Plain `scrapy crawl site`: no CLI made the crawl record, so make one here.
            spider = self.crawler.spider
            assert isinstance(spider, SiteSpider)  # the project's only spider (and subclasses)
            config = spider.config
            self.crawl_id = self.store.begin_crawl(list(config.start_urls), config.to_dict())
            self.owns_crawl = True
        else:
            self.owns_crawl = False
        self.pages = PageRows(self.crawl_id)
        if not self.store_url and not self.owns_crawl:
            before = self.store.crawl(self.crawl_id).stats
            self.checkpoint = (before, self.store.count_pages(self.crawl_id), time.monotonic())
        # Workers of a shared crawl write at the same time: only a lone crawl may drop indexes.
        self.indexes_deferred = not self.store_url and self.store.defer_read_indexes(self.crawl_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Page):
            self.pages.add(item)
        elif isinstance(item, SitemapBatch):
            self.sitemap.extend(item.entries)
        elif isinstance(item, CrawlEvent):
            self.events.append(item)
        if len(self.pages) >= _FLUSH_ITEMS or time.monotonic() - self.last_flush > _FLUSH_SECONDS:
            self.flush()
        return item

    def flush(self) -> None:
        """Write everything buffered so far."""
        assert self.store is not None and self.crawl_id is not None
        if self.pages:
            self.store.add_page_rows(self.pages)
            self.pages_written += len(self.pages)
            self.pages = PageRows(self.crawl_id)
        if self.sitemap:
            self.store.add_sitemap_entries(self.crawl_id, self.sitemap)
            self.sitemap = []
        if self.events:
            self.store.add_events(self.crawl_id, self.events)
            self.events = []
        self.last_flush = time.monotonic()
        if self.checkpoint is not None and self.last_flush - self.last_checkpoint >= CHECKPOINT_S:
            before, pages, started = self.checkpoint
            scrapy_stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            elapsed = self.last_flush - started
            stats = crawl_stats(scrapy_stats, pages + self.pages_written, elapsed, before)
            self.store.update_stats(self.crawl_id, stats)
            self.last_checkpoint = self.last_flush

    def close_spider(self) -> None:
        if self.store is not None:
            # Events raised after the spider's last callback (a middleware backing off on the
            # final responses) never reach an item: collect them here so none is lost.
            scope = getattr(self.crawler.spider, "scope", None)
            if scope is not None:
                self.events.extend(scope.drain_events())
            self.flush()
            if self.indexes_deferred:
                self.store.build_read_indexes()

    def spider_closed(self, reason: str) -> None:
        if self.store is None:
            return
        if self.owns_crawl and self.crawl_id is not None:
            status = "finished" if reason == "finished" else "interrupted"
            self.store.finish_crawl(self.crawl_id, status, {"pages_crawled": self.pages_written})
        self.store.close()
        self.store = None
