"""Politeness per host: robots.txt Crawl-delay, and backing off when a host says it is busy.

Scrapy's robots.txt middleware reads Crawl-delay but never applies it; its retry middleware
retries a 429/503 at once. This middleware sets the host's download-slot delay instead, so
every request to that host waits, not just the retried one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Request, Response
from siteaudit.crawler.backoff import retry_after_seconds

from siteaudit.core.records import CrawlEvent

logger = logging.getLogger(__name__)

_BUSY_STATUSES = frozenset({429, 503})
_FIRST_BACKOFF_S = 1.0  # a busy answer without Retry-After


@dataclass(slots=True)
class _SlotBaseline:
    delay: float
    jitter: float


class PolitenessMiddleware:
    """Applies Crawl-delay (capped) and slows a host down after 429/503, then recovers."""

    def __init__(self, crawler: Crawler, crawl_delay_cap: float, backoff_cap: float) -> None:
        self.crawler = crawler
        self.crawl_delay_cap = crawl_delay_cap
        self.backoff_cap = backoff_cap
        self.user_agent = crawler.settings.get("USER_AGENT") or ""
        self._baselines: dict[str, _SlotBaseline] = {}  # slots currently backed off

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        middleware = cls(
            crawler,
            settings.getfloat("SITEAUDIT_CRAWL_DELAY_MAX", 30.0),
            settings.getfloat("SITEAUDIT_RETRY_AFTER_MAX", 30.0),
        )
        crawler.signals.connect(middleware.robots_parsed, signal=signals.robots_parsed)
        return middleware

    def robots_parsed(self, robotparser: Any, request: Request) -> None:
        """Make the host's slot wait what robots.txt's Crawl-delay asks (at most the cap)."""
        try:
            asked = robotparser.crawl_delay(self.user_agent)
        except Exception:  # a garbage robots.txt must not stop the crawl
            return
        if not asked or asked <= 0:
            return
        downloader = self._downloader()
        if downloader is None:
            return
        delay = min(float(asked), self.crawl_delay_cap)
        key = downloader.get_slot_key(request)
        if delay <= downloader.per_slot_settings.get(key, {}).get("delay", downloader._delay):
            return
        downloader.per_slot_settings.setdefault(key, {}).update({"delay": delay, "jitter": 0.0})
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter = delay, 0.0
        detail = f"robots.txt asks for {asked:g} s between requests; waiting {delay:g} s"
        self._event(CrawlEvent("crawl-delay", f"{_origin(request.url)}/robots.txt", detail))

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("siteaudit_backoff"):
            return response  # link checks back off in siteaudit.crawler.backoff
        downloader = self._downloader()
        key = request.meta.get("download_slot")
        slot = downloader.slots.get(key) if downloader is not None and key else None
        if slot is None:
            return response
        assert key is not None  # the slot was found by its key
        if response.status in _BUSY_STATUSES:
            asked = retry_after_seconds(response.headers.get(b"Retry-After"))
            wait = min(
                asked if asked is not None else max(_FIRST_BACKOFF_S, slot.delay * 2),
                self.backoff_cap,
            )
            if key not in self._baselines:
                self._baselines[key] = _SlotBaseline(slot.delay, slot.jitter)
                detail = f"HTTP {response.status}: waiting {wait:g} s between requests"
                self._event(CrawlEvent("host-backoff", request.url, detail))
            slot.delay, slot.jitter = max(slot.delay, wait), 0.0
        elif key in self._baselines:
            # Recover gradually: halve the extra wait on every normal answer.
            baseline = self._baselines[key]
            slot.delay = max(baseline.delay, slot.delay / 2)
            if slot.delay <= baseline.delay * 1.1 + 0.01:
                slot.delay, slot.jitter = baseline.delay, baseline.jitter
                del self._baselines[key]
        return response

    def _downloader(self) -> Any:
        engine = self.crawler.engine
        return engine.downloader if engine is not None else None

    def _event(self, event: CrawlEvent) -> None:
        logger.info("%s: %s", event.url, event.detail)
        # The spider drains its scope's events into items (and so into the store).
        scope = getattr(self.crawler.spider, "scope", None)
        if scope is not None:
            scope.events.append(event)


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"
