"""The one mapping from a CrawlConfig to Scrapy settings.

`siteaudit crawl` (siteaudit.crawler.runner), a shared-crawl worker and a service crawl on
Scrapyd (the spider applies it from its serialised config, see SiteSpider.from_crawler) all
take their config-derived settings from here, so the same config crawls the same way.
"""

from __future__ import annotations

from typing import Any

from siteaudit.crawler.rendering.support import render_settings

from siteaudit.core.config import CrawlConfig


def config_settings(config: CrawlConfig) -> dict[str, Any]:
    """The Scrapy settings a CrawlConfig decides, typed (no run-specific paths or ids)."""
    return {
        "USER_AGENT": config.user_agent,
        "ROBOTSTXT_OBEY": config.obey_robots,
        "CONCURRENT_REQUESTS": config.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": config.per_host_concurrency,
        "DOWNLOAD_DELAY": config.delay,
        "DOWNLOAD_TIMEOUT": config.timeout,
        "DOWNLOAD_MAXSIZE": int(config.max_size_mb * 1024 * 1024),
        "RETRY_TIMES": config.retries,
        "DOWNLOAD_VERIFY_CERTIFICATES": config.verify_tls,
        "SITEAUDIT_HEADERS": list(config.headers),
        "SITEAUDIT_EXTERNAL_PER_HOST": config.external_per_host,
        "SITEAUDIT_EXTERNAL_DELAY": config.external_delay,
        "SITEAUDIT_CHECK_RETRIES": config.retries,
        "SITEAUDIT_BACKOFF_BASE": config.retry_backoff,
        "SITEAUDIT_RETRY_AFTER_MAX": config.retry_after_max,
        **render_settings(config),
    }
