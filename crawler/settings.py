"""Scrapy settings for siteaudit's crawler (also used by `scrapy crawl site` from the repo root).

Every crawl overlays these with the values of its CrawlConfig
(see siteaudit.crawler.settings_map.config_settings).
"""

import os

from siteaudit.core.urls import MAX_URL_LENGTH
from siteaudit.core.version import USER_AGENT

BOT_NAME = "siteaudit"
SPIDER_MODULES = ["siteaudit.crawler.spiders"]
NEWSPIDER_MODULE = "siteaudit.crawler.spiders"

USER_AGENT = USER_AGENT
ROBOTSTXT_OBEY = True

# Each redirect hop is recorded by the spider itself (see crawler/spiders/site.py).
REDIRECT_ENABLED = False
METAREFRESH_ENABLED = False
COOKIES_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 1
RETRY_HTTP_CODES = [429, 502, 503, 504, 522, 524, 408]
# The pipeline is synchronous; Scrapy's default of 100 spawns 100 tasks per response.
CONCURRENT_ITEMS = 1
DEPTH_LIMIT = 0  # the spider applies CrawlConfig.max_depth itself
URLLENGTH_LIMIT = MAX_URL_LENGTH  # the longest start URL the config accepts, too
TELNETCONSOLE_ENABLED = False
# Scrapy's check re-parses the callback's source (ast) for every response: its cache is
# keyed on the bound method, a new object per request. Our callbacks return no values.
WARN_ON_GENERATOR_RETURN_VALUE = False
LOG_LEVEL = "INFO"

ITEM_PIPELINES = {"siteaudit.crawler.pipelines.StorePipeline": 300}
DOWNLOADER_MIDDLEWARES = {
    # RFC 9309's reading of robots.txt answers and failures (see robots_policy).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "siteaudit.crawler.robots_policy.RobotsPolicyMiddleware": 100,
    "siteaudit.crawler.host_policy.HostPolicyMiddleware": 350,
    # Above the retry middlewares (550, 560) and below the stats (850): see address_guard.
    "siteaudit.crawler.address_guard.AddressGuardMiddleware": 800,
    "siteaudit.crawler.backoff.BackoffRetryMiddleware": 560,
    # Above the retries and the address guard: it sees every failure first, so a request
    # to a host just given up on is not retried, and the guard's refusals are known as such.
    "siteaudit.crawler.dead_hosts.DeadHostMiddleware": 820,
    "siteaudit.crawler.politeness.PolitenessMiddleware": 580,
}
EXTENSIONS = {
    "siteaudit.crawler.progress.CrawlProgress": 500,
    "siteaudit.crawler.gc_tuning.CrawlGcTuning": 510,
    # Stop without waiting out download delays (SIGTERM, Ctrl-C, the service's cancel).
    "siteaudit.crawler.prompt_shutdown.PromptShutdown": 520,
    # Scrapy 2.19's remote-control HTTP server (on by default) runs code sent to a local
    # port; a crawl needs none of it, nor the aiohttp import it costs at start-up.
    "scrapy.extensions.remote_control.RemoteControl": None,
}

# IPv4 and IPv6 name resolution, checked at every connection (siteaudit.crawler.address_guard).
# SITEAUDIT_DNS_RESOLVER names another resolver class: the test suite sets one that answers
# only loopback names, so no test (nor its subprocesses) can send a DNS query.
TWISTED_DNS_RESOLVER = os.environ.get(
    "SITEAUDIT_DNS_RESOLVER", "siteaudit.crawler.address_guard.GuardedResolver"
)
# Refuse connections to loopback, private, link-local... addresses. Off for the CLI (users
# audit their own intranets); the service turns it on unless started with --allow-private.
SITEAUDIT_FORBID_PRIVATE_ADDRESSES = False

SITEAUDIT_OUTPUT = "siteaudit-out"
SITEAUDIT_PROGRESS = "auto"  # auto | always | never
# Link checks (siteaudit check): see siteaudit.crawler.host_policy and siteaudit.crawler.backoff.
SITEAUDIT_HEADERS: list[str] = []
SITEAUDIT_EXTERNAL_PER_HOST = 4
SITEAUDIT_EXTERNAL_DELAY = 0.0
SITEAUDIT_CHECK_RETRIES = 2
SITEAUDIT_BACKOFF_BASE = 0.5
SITEAUDIT_RETRY_AFTER_MAX = 30.0
SITEAUDIT_CRAWL_DELAY_MAX = 30.0  # longest robots.txt Crawl-delay honoured, in seconds
