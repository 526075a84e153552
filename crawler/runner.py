"""Run one crawl in this process with Scrapy and record it in the store."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from siteaudit.crawler import settings as default_settings
from siteaudit.crawler.crawl_stats import crawl_stats
from siteaudit.crawler.rendering.support import render_stats
from siteaudit.crawler.resume import ResumePlan, plan_resume
from siteaudit.crawler.scope import site_hosts
from siteaudit.crawler.settings_map import config_settings
from siteaudit.crawler.spiders.site import SiteSpider
from siteaudit.crawler.storage_errors import StorageErrorWatch, storage_problem

from siteaudit.core.completeness import STAT as PARTIAL_STAT
from siteaudit.core.completeness import partial_reason
from siteaudit.core.config import CrawlConfig
from siteaudit.store import DB_NAME, Store, StoreError

JOB_STATE_DIR = ".crawl-state"

# Failures these loggers report with tracebacks are stored as findings; on the console they
# are noise unless the user asked for Scrapy's log (-v, log level INFO or DEBUG).
_NOISY_LOGGERS = (
    "scrapy.downloadermiddlewares.robotstxt",
    "siteaudit.crawler.robots_policy",
    "scrapy.downloadermiddlewares.retry",
    "scrapy.core.downloader.handlers.http11",
    "scrapy.downloadermiddlewares.httpcompression",
)


@dataclass(slots=True)
class CrawlOutcome:
    """How a crawl ended and what it measured."""

    crawl_id: int
    status: str  # finished, interrupted
    stats: dict[str, Any] = field(default_factory=dict)


def crawl_settings(
    config: CrawlConfig, output: Path, crawl_id: int, *, progress: str, log_level: str
) -> Settings:
    """Scrapy settings: the project defaults, the config's settings and this run's paths."""
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.setdict(config_settings(config), priority="cmdline")
    settings.setdict(
        {
            "SITEAUDIT_OUTPUT": str(output),
            "SITEAUDIT_CRAWL_ID": crawl_id,
            "SITEAUDIT_PROGRESS": progress,
            "JOBDIR": str(output / JOB_STATE_DIR),
            "LOG_LEVEL": log_level,
        },
        priority="cmdline",
    )
    return settings


def run_crawl(
    config: CrawlConfig,
    output: Path,
    *,
    resume: bool = False,
    progress: str = "auto",
    log_level: str = "WARNING",
) -> CrawlOutcome:
    """Crawl the site described by ``config`` into ``output``/siteaudit.db.

    Runs the Twisted reactor, so it can be called once per process. Ctrl-C stops the
    crawl cleanly; ``resume=True`` continues the latest interrupted crawl.
    """
    output.mkdir(parents=True, exist_ok=True)
    job_dir = output / JOB_STATE_DIR
    plan: ResumePlan | None = None
    previous: dict[str, Any] = {}  # the stats of the crawl's earlier runs
    # A damaged store is refused before a crawl adds to it (see store/integrity.py). A
    # resumed crawl's dropped read index stays dropped until the crawl ends (see Store).
    with (
        _storage_errors(output),
        Store.in_folder(output, verify=True, read_indexes=not resume) as store,
    ):
        if resume:
            run = _resumable_crawl(store)
            crawl_id = run.id
            config = CrawlConfig.from_dict(run.config)
            # The store, not JOBDIR, says what is done: JOBDIR is stale after a kill -9.
            plan = plan_resume(store, crawl_id, site_hosts(config))
            previous = dict(run.stats)  # read now: the pipeline checkpoints this run's
            store.resume_crawl(crawl_id)
        else:
            crawl_id = store.begin_crawl(list(config.start_urls), config.to_dict())
    shutil.rmtree(job_dir, ignore_errors=True)

    settings = crawl_settings(config, output, crawl_id, progress=progress, log_level=log_level)
    process = CrawlerProcess(settings)
    # Scrapy logs every response and item at DEBUG and lets its handler drop them: at the
    # logger, records below the level shown are never made.
    logging.getLogger("scrapy").setLevel(log_level)
    if log_level not in ("INFO", "DEBUG"):
        for name in _NOISY_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(SiteSpider)
    watch = StorageErrorWatch(on_first=lambda: _stop_soon(crawler))
    watch.install()
    started = time.monotonic()
    try:
        process.crawl(crawler, config=config, resume_plan=plan)
        process.start()
    finally:
        watch.remove()
    elapsed = time.monotonic() - started
    if watch.problem is not None:
        raise StoreError(
            f"cannot write to {output / DB_NAME}: {watch.problem}. The pages stored before "
            f"are kept; free some space and continue with: siteaudit crawl --resume -o {output}"
        )

    scrapy_stats = crawler.stats.get_stats() if crawler.stats else {}
    reason = scrapy_stats.get("finish_reason", "unknown")
    status = "finished" if reason in ("finished", "closespider_pagecount") else "interrupted"
    with _storage_errors(output), Store.in_folder(output) as store:
        pages = store.count_pages(crawl_id)
        stats = crawl_stats(scrapy_stats, pages, elapsed, previous)
        stats.update(render_stats(config, scrapy_stats))
        partial = partial_reason(status, {}, store.events(crawl_id))
        if partial is not None:
            stats[PARTIAL_STAT] = partial  # the store's mark: reports hold whole-site checks
        store.finish_crawl(crawl_id, status, stats)
    if status == "finished":
        shutil.rmtree(job_dir, ignore_errors=True)
    return CrawlOutcome(crawl_id, status, stats)


@contextmanager
def _storage_errors(output: Path) -> Iterator[None]:
    """A disk that is full or read-only becomes one clear StoreError."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        problem = storage_problem(exc)
        if problem is None:
            raise
        raise StoreError(f"cannot write to {output / DB_NAME}: {problem}") from exc


def _stop_soon(crawler: Any) -> None:
    from twisted.internet import reactor

    reactor.callLater(0, crawler.stop)  # type: ignore[arg-type]  # Twisted's interface methods omit self


def _resumable_crawl(store: Store) -> Any:
    runs = [r for r in store.crawls() if r.status in ("interrupted", "running")]
    if not runs:
        raise StoreError(f"nothing to resume in {store.path.parent}: no interrupted crawl")
    return runs[-1]
