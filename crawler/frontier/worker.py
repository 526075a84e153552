"""Run one crawl worker in this process: join a shared crawl until its frontier is empty."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.core.engine import ExecutionEngine
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from siteaudit.crawler.frontier.keys import FrontierKeys
from siteaudit.crawler.frontier.spider import SharedSiteSpider
from siteaudit.crawler.runner import _NOISY_LOGGERS, crawl_settings

from siteaudit.core.config import CrawlConfig
from siteaudit.store import Store

# Scrapy polls an idle engine's scheduler every 5 s; a worker waiting for others to push
# links would sit out most of a small crawl. Only worker processes change this.
_HEARTBEAT_S = 0.25


@dataclass(slots=True)
class WorkerOutcome:
    """How one worker ended."""

    finish_reason: str
    stats: dict[str, Any]


def shared_crawl_settings(
    config: CrawlConfig, *, frontier_url: str, store_url: str, crawl_id: int, log_level: str
) -> Settings:
    """Scrapy settings of a worker: scrapy-redis scheduler and dupefilter, shared store."""
    settings = crawl_settings(config, Path("."), crawl_id, progress="never", log_level=log_level)
    keys = FrontierKeys(crawl_id)
    settings.setdict(
        {
            "JOBDIR": None,  # the frontier lives in Redis, not in a local folder
            "SITEAUDIT_STORE": store_url,
            "SCHEDULER": "siteaudit.crawler.frontier.scheduler.SharedScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
            "SCHEDULER_QUEUE_KEY": keys.requests,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_FLUSH_ON_START": False,
            "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
            "REDIS_URL": frontier_url,
        },
        priority="cmdline",
    )
    return settings


def run_worker(
    frontier_url: str,
    store_url: str,
    crawl_id: int,
    *,
    log_level: str = "ERROR",
    grace_s: float = 1.0,
) -> WorkerOutcome:
    """Crawl as one worker of ``crawl_id`` until the shared frontier is empty (once per process)."""
    with Store(store_url, create=False) as store:
        config = CrawlConfig.from_dict(store.crawl(crawl_id).config)
    settings = shared_crawl_settings(
        config,
        frontier_url=frontier_url,
        store_url=store_url,
        crawl_id=crawl_id,
        log_level=log_level,
    )
    ExecutionEngine._SLOT_HEARTBEAT_INTERVAL = _HEARTBEAT_S
    process = CrawlerProcess(settings)
    if log_level not in ("INFO", "DEBUG"):
        for name in _NOISY_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(SharedSiteSpider)
    process.crawl(
        crawler, config=config, frontier_url=frontier_url, crawl_id=crawl_id, grace_s=grace_s
    )
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return WorkerOutcome(str(stats.get("finish_reason", "unknown")), stats)
